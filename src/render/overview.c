// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "render/overview.h"
#include "vector.h"

struct overview_line {
	enum verdict_level level;
	/** Arrival order: equal levels keep the order of the reports. */
	size_t seq;
	/** The signature ("-" for none), "file:line", the title. */
	const char *signature;
	char *where;
	char *title;
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
	vector_for_each(struct overview_line, l, &o->lines) {
		free(l->where);
		free(l->title);
	}
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
	*l = (struct overview_line){
		.level = level,
		.seq = o->lines.size,
		// Rules outlive the overview (the command holds the set).
		.signature = level != VERDICT_NONE ? best->rule->id : "-",
	};
	const char *base = strrchr(report->rec.input, '/');
	base = base ? base + 1 : report->rec.input;
	if (asprintf(&l->where, "%s:%zu", base, report->rec.first_line) < 0)
		l->where = NULL;
	l->title = strdup(report->rec.title ? report->rec.title : "");
	if (!l->where || !l->title) {
		free(l->where);
		free(l->title);
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

/* Shorten @p s to @p n bytes (n > 3) with "...", between UTF-8 characters. */
static size_t cut(char *s, size_t len, size_t n)
{
	if (len <= n)
		return len;
	len = n - 3;
	while (len && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	memcpy(s + len, "...", 4);
	return len + 3;
}

/*
 * "  LEVEL  SIGNATURE  TITLE (WHERE)" within @p width (0: no limit): the
 * title gives way first, so that the report can still be found; a width
 * too narrow even for that cuts the line's end.
 */
static void print_line(FILE *out, size_t width, int wlevel, int wsig,
		       const struct overview_line *l)
{
	char head[128], title[512];
	int h = snprintf(head, sizeof(head), "  %-*s  %-*s  ", wlevel,
			 verdict_level_name(l->level), wsig, l->signature);
	size_t hlen = h < 0		       ? 0 :
		      (size_t)h < sizeof(head) ? (size_t)h :
						 sizeof(head) - 1;
	size_t tlen = strlen(l->title) < sizeof(title) - 1 ? strlen(l->title) :
							     sizeof(title) - 1;
	memcpy(title, l->title, tlen);
	title[tlen] = '\0';
	size_t where = strlen(l->where) + 3; /* " (" + ")" */
	enum { MIN_TITLE = 16 };
	if (width && hlen + tlen + where > width &&
	    width > hlen + where + MIN_TITLE)
		tlen = cut(title, tlen, width - hlen - where);
	char line[1024];
	int n = snprintf(line, sizeof(line), "%s%s (%s)", head, title,
			 l->where);
	size_t len = n < 0		      ? 0 :
		     (size_t)n < sizeof(line) ? (size_t)n :
						sizeof(line) - 1;
	if (width > 3)
		len = cut(line, len, width);
	fwrite(line, 1, len, out);
	fputc('\n', out);
}

void overview_print(struct overview *o, FILE *out, size_t width)
{
	struct overview_line_vector *v = &o->lines;
	if (v->size)
		qsort(v->data, v->size, sizeof(*v->data), compare_lines);
	fprintf(out, "%zu reports:", v->size);
	for (int l = VERDICT_CONFIRMED; l >= 0; l--)
		fprintf(out, " %zu %s%s", o->levels[l], verdict_level_name(l),
			l ? "," : "");
	fputs("; the most certain first, then every report in full\n", out);
	size_t shown = v->size < OVERVIEW_LINES ? v->size : OVERVIEW_LINES;
	// Columns as wide as what they show.
	int wlevel = 0, wsig = 0;
	for (size_t i = 0; i < shown; i++) {
		const struct overview_line *l = &v->data[i];
		int a = strlen(verdict_level_name(l->level)),
		    b = strlen(l->signature);
		wlevel = a > wlevel ? a : wlevel;
		wsig = b > wsig ? b : wsig;
	}
	for (size_t i = 0; i < shown; i++)
		print_line(out, width, wlevel, wsig, &v->data[i]);
	if (shown < v->size)
		fprintf(out, "  ... and %zu more (-q lists all)\n",
			v->size - shown);
	fputc('\n', out);
}
