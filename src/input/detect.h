// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * What an input file is, from its first bytes: a console log, a vmcore in
 * one of the dump formats, a compressed file, or none of these.
 */
#ifndef PGR_DETECT_H
#define PGR_DETECT_H

#include <stddef.h>

#include "error.h"

/* X(enum suffix, name, is a vmcore) */
#define PGR_INPUT_TYPES(X)                          \
	X(LOG, "log", false)                        \
	X(KDUMP, "kdump-compressed vmcore", true)   \
	X(FLATTENED, "makedumpfile flattened vmcore", true) \
	X(ELF_CORE, "ELF vmcore", true)             \
	X(GZIP, "gzip-compressed file", false)      \
	X(XZ, "xz-compressed file", false)          \
	X(ZSTD, "zstd-compressed file", false)      \
	X(EMPTY, "empty file", false)               \
	X(BINARY, "binary file that is neither a log nor a dump", false)

enum input_type {
#define X(e, name, dump) INPUT_##e,
	PGR_INPUT_TYPES(X)
#undef X
};

const char *input_type_name(enum input_type type);
bool input_type_is_vmcore(enum input_type type);

/** Classify the first @p len bytes of an input. */
enum input_type input_classify(const unsigned char *buf, size_t len);
/** Classify the file at @p path (reads at most 64 KiB of it). */
struct pgr_error *input_detect(const char *path, enum input_type *ret);

#endif
