// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "guilty.h"
#include "record.h"

static const char *const kind_names[] = {
#define X(e, name, title) [CRASH_##e] = name,
	PGR_CRASH_KINDS(X)
#undef X
};

static const char *const kind_titles[] = {
#define X(e, name, title) [CRASH_##e] = title,
	PGR_CRASH_KINDS(X)
#undef X
};

const char *crash_kind_name(enum crash_kind kind)
{
	return kind < CRASH_KIND_COUNT ? kind_names[kind] : "unknown";
}

const char *crash_kind_title(enum crash_kind kind)
{
	return kind < CRASH_KIND_COUNT ? kind_titles[kind] : "kernel crash";
}

enum crash_kind crash_kind_from_name(const char *name)
{
	for (int k = 0; k < CRASH_KIND_COUNT; k++) {
		if (strcmp(kind_names[k], name) == 0)
			return k;
	}
	return CRASH_KIND_COUNT;
}

void crash_record_init(struct crash_record *rec)
{
	memset(rec, 0, sizeof(*rec));
	pgr_arena_init(&rec->arena);
	rec->guilty = -1;
}

static void task_stack_deinit(struct task_stack *task)
{
	frame_vector_deinit(&task->frames);
}

void crash_record_deinit(struct crash_record *rec)
{
	frame_vector_deinit(&rec->frames);
	reg_vector_deinit(&rec->regs);
	string_vector_deinit(&rec->modules);
	vector_for_each(struct page_dump, page, &rec->pages) {
		string_vector_deinit(&page->flag_names);
		string_vector_deinit(&page->raw);
	}
	page_vector_deinit(&rec->pages);
	vector_for_each(struct task_stack, task, &rec->tasks)
		task_stack_deinit(task);
	task_vector_deinit(&rec->tasks);
	vector_for_each(struct task_stack, task, &rec->object_stacks)
		task_stack_deinit(task);
	task_vector_deinit(&rec->object_stacks);
	finding_vector_deinit(&rec->findings);
	pgr_arena_deinit(&rec->arena);
}

char *record_strndup(struct crash_record *rec, const char *s, size_t n)
{
	return pgr_arena_strndup(&rec->arena, s, n);
}

char *record_strdup(struct crash_record *rec, const char *s)
{
	return pgr_arena_strdup(&rec->arena, s);
}

/*
 * Compilers clone and split functions and name the pieces with suffixes:
 * gcc's .isra.N, .constprop.N, .part.N, .cold (and .cold.N), clang's
 * .llvm.NNN.  The same function must match whatever the build did.
 */
size_t function_normalized_len(const char *name, size_t len)
{
	static const char *const suffixes[] = {
		".isra.", ".constprop.", ".part.", ".cold", ".llvm.",
		".lto_priv.",
	};
	// Every suffix starts with '.': most names have none (a hot path).
	if (!memchr(name, '.', len))
		return len;
	size_t cut = len;
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		const char *p = memmem(name, len, suffixes[i],
				       strlen(suffixes[i]));
		if (p && (size_t)(p - name) < cut)
			cut = p - name;
	}
	return cut ? cut : len;
}

struct frame *frame_vector_push(struct crash_record *rec,
				struct frame_vector *v, const char *function,
				size_t len)
{
	struct frame *f = frame_vector_append_entry(v);
	if (!f)
		return NULL;
	f->reliable = true;
	f->function = record_strndup(rec, function, len);
	if (!f->function)
		return NULL;
	size_t nlen = function_normalized_len(function, len);
	f->normalized = nlen == len ? f->function :
				      record_strndup(rec, function, nlen);
	return f->normalized ? f : NULL;
}

struct task_stack *record_add_task(struct crash_record *rec)
{
	return task_vector_append_entry(&rec->tasks);
}

struct task_stack *record_add_object_stack(struct crash_record *rec,
					   const char *role)
{
	struct task_stack *t = task_vector_append_entry(&rec->object_stacks);
	if (t)
		t->role = role;
	return t;
}

struct page_dump *record_add_page(struct crash_record *rec)
{
	return page_vector_append_entry(&rec->pages);
}

static bool is_hash_id(struct pgr_u64 v)
{
	return v.known && v.value && v.value <= UINT32_MAX;
}

void page_dump_check_hashed(struct page_dump *p)
{
	if (!is_hash_id(p->address) && !is_hash_id(p->head) &&
	    !is_hash_id(p->mapping)) {
		if (p->address.known)
			p->pointers_hashed = TRI_FALSE;
		return;
	}
	p->pointers_hashed = TRI_TRUE;
	p->address_hash = p->address;
	p->address = (struct pgr_u64){ 0 };
	p->head = (struct pgr_u64){ 0 };
}

const struct frame *crash_record_guilty(const struct crash_record *rec)
{
	if (rec->guilty == -2)
		return &rec->fault;
	if (rec->guilty < 0 || (size_t)rec->guilty >= rec->frames.size)
		return NULL;
	return &rec->frames.data[rec->guilty];
}

struct pgr_error *crash_record_finish(struct crash_record *rec)
{
	guilty_choose(rec);
	const struct frame *g = crash_record_guilty(rec);
	char *title;
	int n;
	if (g)
		n = asprintf(&title, "%s in %s", crash_kind_title(rec->kind),
			     g->normalized);
	else
		n = asprintf(&title, "%s", crash_kind_title(rec->kind));
	if (n < 0)
		return &pgr_enomem;
	rec->title = record_strdup(rec, title);
	free(title);
	return rec->title ? crash_record_syz_title(rec) : &pgr_enomem;
}
