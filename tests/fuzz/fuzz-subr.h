// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Shared by the libFuzzer harnesses: an input as a file (memfd) for the
 * readers that take a path, and the rule set the harnesses judge with.
 */
#ifndef PGR_FUZZ_SUBR_H
#define PGR_FUZZ_SUBR_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "signature/rules.h"

/**
 * The fuzz input as a file: *fd_ret is a memfd holding @p data, *path_ret
 * ("/proc/self/fd/N") names it.  Aborts if that fails: the harness cannot
 * go on.
 */
void fuzz_input_file(const uint8_t *data, size_t size, int *fd_ret,
		     char path_ret[32]);

/**
 * The project's rules (signatures/ of the source tree, or
 * $PAGERACE_SIGNATURES), loaded once; aborts if they do not load.
 */
const struct rule_set *fuzz_rules(void);

/**
 * Free @p err; with $PGR_FUZZ_DEBUG set, print it first (to see why an
 * input is refused).  Out of memory aborts: the harnesses never run out.
 */
void fuzz_done(struct pgr_error *err);

/** A stream that discards what is written; opened once. */
FILE *fuzz_null_stream(void);

#endif
