// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "enrich/frames.h" // IWYU pragma: associated

/*
 * How well log frame @p l and unwound frame @p u agree: 0 not at all.
 * Both print return addresses as offsets, so the same frame has the same
 * offset; a different one is another call in the same function (panic()
 * calling dump_stack() in the log, __crash_kexec() in the dump).
 */
static unsigned int frame_affinity(const struct frame *l, const struct frame *u)
{
	if (strcmp(l->normalized, u->normalized) != 0)
		return 0;
	if (l->offset.known && u->offset.known)
		return l->offset.value == u->offset.value ? 2 : 0;
	return 1;
}

static void frame_fill(struct frame *l, const struct frame *u)
{
	// Strings of both live in the record's arena: shared, not copied.
	if (!l->address.known)
		l->address = u->address;
	if (!l->offset.known)
		l->offset = u->offset;
	if (!l->length.known)
		l->length = u->length;
	if (!l->source) {
		l->source = u->source;
		l->inline_chain = u->inline_chain;
		l->inline_depth = u->inline_depth;
	}
	if (!l->module)
		l->module = u->module;
}

/** Frames compared at most, each side: a trace is far shorter. */
static const size_t MAX_ALIGN = 256;

/** An alignment table: at(i, j) scores log[i..] against unwound[j..]. */
struct align {
	unsigned int *score;
	size_t cols;
};

static unsigned int *at(const struct align *t, size_t i, size_t j)
{
	return &t->score[i * t->cols + j];
}

static unsigned int max_u(unsigned int a, unsigned int b)
{
	return a > b ? a : b;
}

static const struct task_stack *crashed_task(const struct crash_record *rec)
{
	vector_for_each(const struct task_stack, t, &rec->tasks) {
		if (t->crashed)
			return t;
	}
	return NULL;
}

/*
 * The two lists are aligned in order (a weighted longest common
 * subsequence of function names, equal offsets weighing more), so the
 * log's "? " guesses and the unwinder's panic path stay unmatched.
 * Reliability marks and frames the unwinder lacks stay the log's.
 */
struct pgr_error *enrich_frames_from_stack(struct crash_record *rec)
{
	const struct task_stack *crashed = crashed_task(rec);
	if (!crashed || !crashed->frames.size)
		return NULL;
	size_t n = rec->frames.size + rec->has_fault, m = crashed->frames.size;
	if (n > MAX_ALIGN)
		n = MAX_ALIGN;
	if (m > MAX_ALIGN)
		m = MAX_ALIGN;
	_cleanup_free_ struct frame **log = calloc(n + 1, sizeof(*log));
	_cleanup_free_ unsigned int *score =
		calloc((n + 1) * (m + 1), sizeof(*score));
	if (!log || !score)
		return &pgr_enomem;
	struct align t = { .score = score, .cols = m + 1 };
	for (size_t i = 0; i < n; i++)
		log[i] = !rec->has_fault ? &rec->frames.data[i] :
			 i		 ? &rec->frames.data[i - 1] :
					   &rec->fault;
	const struct frame *u = crashed->frames.data;
	for (size_t i = n; i-- > 0;) {
		for (size_t j = m; j-- > 0;) {
			unsigned int w = frame_affinity(log[i], &u[j]);
			unsigned int v =
				max_u(*at(&t, i + 1, j), *at(&t, i, j + 1));
			if (w)
				v = max_u(v, *at(&t, i + 1, j + 1) + w);
			*at(&t, i, j) = v;
		}
	}
	for (size_t i = 0, j = 0; i < n && j < m;) {
		unsigned int w = frame_affinity(log[i], &u[j]);
		if (w && *at(&t, i, j) == *at(&t, i + 1, j + 1) + w)
			frame_fill(log[i++], &u[j++]);
		else if (*at(&t, i + 1, j) >= *at(&t, i, j + 1))
			i++;
		else
			j++;
	}
	return NULL;
}
