// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Compressed inputs (.gz, .xz, .zst) read as a stream, never unpacked to
 * disk or memory as a whole: the decompressor is a stdio FILE (glibc's
 * fopencookie), so the oops reader streams through it like a plain log.
 * Each library's errors are put in its own words (zlib's msg,
 * liblzma's lzma_ret, ZSTD_getErrorName).
 */
#ifndef PGR_TRIAGE_DECOMPRESS_H
#define PGR_TRIAGE_DECOMPRESS_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "input/detect.h"

struct decompressor;

/**
 * Open @p path, compressed as @p type (INPUT_GZIP, INPUT_XZ or
 * INPUT_ZSTD), and decompress its first bytes so that the caller can
 * see what is inside before reading it.
 */
struct pgr_error *decompressor_create(const char *path, enum input_type type,
				      struct decompressor **ret);
void decompressor_destroy(struct decompressor *d);

static inline void decompressor_destroyp(struct decompressor **d)
{
	decompressor_destroy(*d);
}

/** What the decompressed data is, from its first 64 KiB. */
enum input_type decompressor_content_type(const struct decompressor *d);
/** The decompressed data, from its first byte. */
FILE *decompressor_file(struct decompressor *d);
/**
 * The error that ended reading (corrupt or truncated data), or NULL.
 * Ownership passes to the caller.
 */
struct pgr_error *decompressor_take_error(struct decompressor *d);

#endif
