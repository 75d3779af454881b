// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Sanity checks of a dump file's own layout, run before libkdumpfile sees
 * it: libkdumpfile 0.5.1 trusts header sizes and offsets, and crashes
 * (SIGSEGV, SIGBUS) on a dump that is truncated inside its headers.
 */
#ifndef PGR_VMCORE_DUMP_CHECK_H
#define PGR_VMCORE_DUMP_CHECK_H

#include <stdint.h>

#include "error.h"

/**
 * Check that every region the headers of the kdump-compressed or ELF
 * file @p fd (of @p size bytes, named @p path) point at lies in the
 * file.  PGR_ERROR_BAD_DATA ("truncated", "corrupt header") otherwise;
 * formats it does not know pass.
 */
struct pgr_error *dump_check_layout(int fd, const char *path, uint64_t size);

/**
 * What the kdump-compressed file @p fd (of @p size bytes) lacks when it
 * was cut short (a disk that filled while makedumpfile wrote it), or that
 * makedumpfile marked it incomplete: *ret is a sentence naming the missing
 * pages, or NULL when nothing is missing.  A file that holds none of its
 * pages is PGR_ERROR_BAD_DATA ("truncated or corrupt dump").
 */
struct pgr_error *dump_check_complete(int fd, const char *path,
				      uint64_t size, char **ret);

#endif
