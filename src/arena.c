// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

struct pgr_arena_block {
	struct pgr_arena_block *next;
	size_t size;
	char data[];
};

enum { ARENA_BLOCK_SIZE = 16384 };

void pgr_arena_init(struct pgr_arena *arena)
{
	arena->head = NULL;
	arena->used = arena->size = 0;
}

void pgr_arena_deinit(struct pgr_arena *arena)
{
	struct pgr_arena_block *b = arena->head;
	while (b) {
		struct pgr_arena_block *next = b->next;
		free(b);
		b = next;
	}
	pgr_arena_init(arena);
}

void *pgr_arena_alloc(struct pgr_arena *arena, size_t size)
{
	// Sizes come from input (line lengths, dump strings): no wrapping.
	if (size > SIZE_MAX - sizeof(struct pgr_arena_block) - 7)
		return NULL;
	size = (size + 7) & ~(size_t)7;
	if (!arena->head || arena->size - arena->used < size) {
		size_t bsize = size > ARENA_BLOCK_SIZE ? size : ARENA_BLOCK_SIZE;
		struct pgr_arena_block *b = malloc(sizeof(*b) + bsize);
		if (!b)
			return NULL;
		b->size = bsize;
		// A big one-off allocation goes behind the current block so
		// the current block's free space is not wasted.
		if (size > ARENA_BLOCK_SIZE && arena->head) {
			b->next = arena->head->next;
			arena->head->next = b;
			return b->data;
		}
		b->next = arena->head;
		arena->head = b;
		arena->used = 0;
		arena->size = bsize;
	}
	void *p = arena->head->data + arena->used;
	arena->used += size;
	return p;
}

char *pgr_arena_strndup(struct pgr_arena *arena, const char *s, size_t n)
{
	char *p = pgr_arena_alloc(arena, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *pgr_arena_strdup(struct pgr_arena *arena, const char *s)
{
	return pgr_arena_strndup(arena, s, strlen(s));
}
