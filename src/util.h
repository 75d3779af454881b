// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Small helpers shared by several stages: bounded file reading, hashing.
 */
#ifndef PGR_UTIL_H
#define PGR_UTIL_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

/**
 * Read from @p fd until @p len bytes or end of file, retrying on EINTR;
 * the count read goes to @p ret (less than @p len only at end of file).
 * @p path names the file in the error.
 */
struct pgr_error *read_full(int fd, const char *path, void *buf, size_t len,
			    size_t *ret);

/** Write all @p len bytes to @p fd, retrying on EINTR. */
struct pgr_error *write_full(int fd, const char *path, const void *data,
			     size_t len);

/**
 * Read all of @p path (at most @p max_size bytes, else PGR_ERROR_LIMIT)
 * into a NUL-terminated heap buffer.
 */
struct pgr_error *read_file(const char *path, size_t max_size, char **ret,
			    size_t *len_ret);

/** Unaligned host-endian loads from a byte buffer (dump headers, rings). */
static inline uint16_t load_u16(const unsigned char *p)
{
	uint16_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint32_t load_u32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint64_t load_u64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

/** FNV-1a, 64 bits: stable across builds and machines. */
/**
 * Close a stream of open_memstream(): out of memory when a write or the
 * close failed (glibc then leaves *@p buf NULL or short); *@p buf is
 * freed and NULL then.
 */
struct pgr_error *memstream_close(FILE *f, char **buf);

uint64_t fnv1a64(uint64_t hash, const void *data, size_t len);
#define FNV1A64_INIT UINT64_C(0xcbf29ce484222325)

/**
 * The width of the terminal @p f writes to ($COLUMNS, else the
 * terminal's, else 80); 0 when @p f is no terminal (a file or a pipe
 * takes whole lines).
 */
size_t terminal_width(FILE *f);

#endif
