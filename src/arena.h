// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * A bump allocator for a record's strings: one free for everything a
 * record owns, and no per-string malloc on the parser's hot path.
 */
#ifndef PGR_ARENA_H
#define PGR_ARENA_H

#include <stddef.h>

struct pgr_arena_block;

struct pgr_arena {
	struct pgr_arena_block *head;
	size_t used, size;
};

void pgr_arena_init(struct pgr_arena *arena);
void pgr_arena_deinit(struct pgr_arena *arena);
/** Aligned to 8; NULL on ENOMEM. */
void *pgr_arena_alloc(struct pgr_arena *arena, size_t size);
char *pgr_arena_strndup(struct pgr_arena *arena, const char *s, size_t n);
char *pgr_arena_strdup(struct pgr_arena *arena, const char *s);

#endif
