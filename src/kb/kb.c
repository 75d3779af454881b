// SPDX-License-Identifier: GPL-2.0-or-later
// The knowledge base's memory; the file format is in kb_file.c, the index
// and matching in kb_match.c.
#include <stdlib.h>
#include <string.h>

#include "kb/kb.h"

void kb_init(struct kb *kb)
{
	memset(kb, 0, sizeof(*kb));
	pgr_arena_init(&kb->arena);
	kb_entry_vector_init(&kb->entries);
	strmap_init(&kb->index);
}

static void entry_deinit(struct kb_entry *e)
{
	string_vector_deinit(&e->commits);
	kb_branch_vector_deinit(&e->branches);
	string_vector_deinit(&e->files);
	string_vector_deinit(&e->functions);
	vector_for_each(struct kb_crash, c, &e->crashes)
		string_vector_deinit(&c->frames);
	kb_crash_vector_deinit(&e->crashes);
}

void kb_deinit(struct kb *kb)
{
	vector_for_each(struct kb_entry, e, &kb->entries)
		entry_deinit(e);
	kb_entry_vector_deinit(&kb->entries);
	for (size_t i = 0; i < kb->postings.size; i++)
		size_vector_deinit(&kb->postings.data[i]);
	free(kb->postings.data);
	strmap_deinit(&kb->index);
	pgr_arena_deinit(&kb->arena);
	free(kb->text);
}

struct kb_entry *kb_add_entry(struct kb *kb)
{
	/* append_entry zeroes: every vector in the entry starts empty. */
	return kb_entry_vector_append_entry(&kb->entries);
}

char *kb_strdup(struct kb *kb, const char *s)
{
	return pgr_arena_strdup(&kb->arena, s);
}

char *kb_strndup(struct kb *kb, const char *s, size_t n)
{
	return pgr_arena_strndup(&kb->arena, s, n);
}

const char *kb_strength_name(enum kb_strength s)
{
	return s == KB_STRONG ? "strong" : s == KB_MEDIUM ? "medium" : "weak";
}
