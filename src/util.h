// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Small helpers shared by several stages: bounded file reading, hashing.
 */
#ifndef PGR_UTIL_H
#define PGR_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/**
 * Read all of @p path (at most @p max_size bytes, else PGR_ERROR_LIMIT)
 * into a NUL-terminated heap buffer.
 */
struct pgr_error *read_file(const char *path, size_t max_size, char **ret,
			    size_t *len_ret);

/** FNV-1a, 64 bits: stable across builds and machines. */
uint64_t fnv1a64(uint64_t hash, const void *data, size_t len);
#define FNV1A64_INIT UINT64_C(0xcbf29ce484222325)

#endif
