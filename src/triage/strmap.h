// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * A map from byte strings (NULs allowed, for composite keys) to a size_t,
 * with open addressing: the summary's index of buckets, signatures and
 * inputs.  Keys are copied.
 */
#ifndef PGR_TRIAGE_STRMAP_H
#define PGR_TRIAGE_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap_entry {
	char *key;
	size_t len;
	uint64_t hash;
	size_t value;
};

struct strmap {
	struct strmap_entry *slots;
	size_t capacity, size;
};

void strmap_init(struct strmap *m);
void strmap_deinit(struct strmap *m);
/**
 * The value of @p key, added with @p value first if absent (*added_ret
 * says which).  NULL on ENOMEM.  The pointer is valid until the next
 * addition.
 */
size_t *strmap_get_or_add(struct strmap *m, const void *key, size_t len,
			  size_t value, bool *added_ret);

/** The value of @p key, or NULL when absent. */
const size_t *strmap_get(const struct strmap *m, const void *key, size_t len);

/* An empty map's slots are NULL: no NULL + 0 (see vector_for_each). */
#define strmap_for_each(it, m)                                          \
	for (struct strmap_entry *it = (m)->slots;                      \
	     it && it < (m)->slots + (m)->capacity; it++)               \
		if (it->key)

#endif
