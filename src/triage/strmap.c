// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "triage/strmap.h"
#include "util.h"

void strmap_init(struct strmap *m)
{
	m->slots = NULL;
	m->capacity = m->size = 0;
}

void strmap_deinit(struct strmap *m)
{
	strmap_for_each(e, m)
		free(e->key);
	free(m->slots);
	strmap_init(m);
}

static struct strmap_entry *find_slot(struct strmap_entry *slots,
				      size_t capacity, const void *key,
				      size_t len, uint64_t hash)
{
	size_t i = hash & (capacity - 1);
	for (;;) {
		struct strmap_entry *e = &slots[i];
		if (!e->key || (e->hash == hash && e->len == len &&
				memcmp(e->key, key, len) == 0))
			return e;
		i = (i + 1) & (capacity - 1);
	}
}

static bool grow(struct strmap *m)
{
	size_t cap = m->capacity ? m->capacity * 2 : 64;
	struct strmap_entry *slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return false;
	strmap_for_each(e, m)
		*find_slot(slots, cap, e->key, e->len, e->hash) = *e;
	free(m->slots);
	m->slots = slots;
	m->capacity = cap;
	return true;
}

size_t *strmap_get_or_add(struct strmap *m, const void *key, size_t len,
			  size_t value, bool *added_ret)
{
	// Keep the load under 1/2 so probes stay short.
	if ((m->size + 1) * 2 > m->capacity && !grow(m))
		return NULL;
	uint64_t hash = fnv1a64(FNV1A64_INIT, key, len);
	struct strmap_entry *e = find_slot(m->slots, m->capacity, key, len,
					   hash);
	*added_ret = !e->key;
	if (e->key)
		return &e->value;
	// One spare NUL: keys that are C strings can be printed as such.
	e->key = malloc(len + 1);
	if (!e->key)
		return NULL;
	memcpy(e->key, key, len);
	e->key[len] = '\0';
	e->len = len;
	e->hash = hash;
	e->value = value;
	m->size++;
	return &e->value;
}

const size_t *strmap_get(const struct strmap *m, const void *key, size_t len)
{
	if (!m->capacity)
		return NULL;
	struct strmap_entry *e =
		find_slot(m->slots, m->capacity, key, len,
			  fnv1a64(FNV1A64_INIT, key, len));
	return e->key ? &e->value : NULL;
}
