// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "render/overview.h"
#include "vector.h"

struct overview_line {
	enum verdict_level level;
	/** Arrival order: equal levels keep the order of the reports. */
	size_t seq;
	char *text;
};
DEFINE_VECTOR(overview_line_vector, struct overview_line)

struct overview {
	struct overview_line_vector lines;
	size_t levels[VERDICT_CONFIRMED + 1];
};

struct pgr_error *overview_create(struct overview **ret)
{
	*ret = calloc(1, sizeof(**ret));
	return *ret ? NULL : &pgr_enomem;
}

void overview_destroy(struct overview *o)
{
	if (!o)
		return;
	vector_for_each(struct overview_line, l, &o->lines)
		free(l->text);
	overview_line_vector_deinit(&o->lines);
	free(o);
}

struct pgr_error *overview_add(struct overview *o, const struct report *report)
{
	const struct verdict_vector *vs = &report->verdicts;
	const struct verdict *best = vs->size ? &vs->data[0] : NULL;
	enum verdict_level level = best ? best->level : VERDICT_NONE;
	struct overview_line *l = overview_line_vector_append_entry(&o->lines);
	if (!l)
		return &pgr_enomem;
	*l = (struct overview_line){ .level = level, .seq = o->lines.size };
	const char *base = strrchr(report->rec.input, '/');
	base = base ? base + 1 : report->rec.input;
	if (asprintf(&l->text, "  %-18s  %-30s  %s (%s:%zu)\n",
		     verdict_level_name(level),
		     level != VERDICT_NONE ? best->rule->id : "-",
		     report->rec.title, base, report->rec.first_line) < 0) {
		l->text = NULL;
		o->lines.size--;
		return &pgr_enomem;
	}
	o->levels[level]++;
	return NULL;
}

size_t overview_count(const struct overview *o)
{
	return o->lines.size;
}

static int compare_lines(const void *a, const void *b)
{
	const struct overview_line *x = a, *y = b;
	if (x->level != y->level)
		return x->level > y->level ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void overview_print(struct overview *o, FILE *out)
{
	struct overview_line_vector *v = &o->lines;
	if (v->size)
		qsort(v->data, v->size, sizeof(*v->data), compare_lines);
	fprintf(out, "%zu reports:", v->size);
	for (int l = VERDICT_CONFIRMED; l >= 0; l--)
		fprintf(out, " %zu %s%s", o->levels[l], verdict_level_name(l),
			l ? "," : "");
	fputs("; the most certain first, then every report in full\n", out);
	for (size_t i = 0; i < v->size; i++) {
		if (i == OVERVIEW_LINES) {
			fprintf(out, "  ... and %zu more (-q lists all)\n",
				v->size - i);
			break;
		}
		fputs(v->data[i].text, out);
	}
	fputc('\n', out);
}
