// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "render/json_tree.h"
#include "render/summary.h"

enum { TEXT_BUCKETS = 50 };
/* The short summary (a terminal): what fits a screen with the counts. */
enum { SHORT_BUCKETS = 10, SHORT_LIST = 5 };

static void print_bucket_text(FILE *out, const struct bucket_sum *b)
{
	fprintf(out, "%7zu  %s  %-18s  %s\n", b->count, b->hash,
		verdict_level_name(b->level), b->title);
	fprintf(out, "         key %s, %zu distinct trace%s", b->key,
		b->traces.size, b->traces.size == 1 ? "" : "s");
	if (b->first_seen)
		fprintf(out, ", seen %s to %s", b->first_seen, b->last_seen);
	fputs("\n         e.g.", out);
	for (size_t i = 0; i < b->nexamples; i++)
		fprintf(out, "%s %s#%zu", i ? "," : "", b->examples[i].input,
			b->examples[i].index);
	fputc('\n', out);
}

static void print_counts_text(const struct summary *s, FILE *out)
{
	struct summary_counts c;
	summary_counts(s, &c);
	fprintf(out, "Inputs: %zu (%zu analysed: %zu with crash reports, %zu without; %zu failed)\n",
		c.inputs, c.inputs - c.failed, c.with_crashes,
		c.without_crashes, c.failed);
	if (c.skipped)
		fprintf(out, "Skipped: %zu file%s found in directories that %s no log or dump\n",
			c.skipped, c.skipped == 1 ? "" : "s",
			c.skipped == 1 ? "is" : "are");
	fprintf(out, "Crash reports: %zu in %zu bucket%s\nVerdicts:", c.reports,
		s->buckets.size, s->buckets.size == 1 ? "" : "s");
	for (int l = SUMMARY_LEVELS - 1; l >= 0; l--)
		fprintf(out, " %zu %s%s", s->levels[l], verdict_level_name(l),
			l ? "," : "\n");
}

/* Failed or skipped inputs, at most @p max of them (0: all). */
static void print_inputs_text(FILE *out, const struct summary_input_vector *v,
			      const char *title, size_t max)
{
	if (!v->size)
		return;
	fprintf(out, "\n%s (%zu):\n", title, v->size);
	for (size_t i = 0; i < v->size; i++) {
		const struct summary_input *f = &v->data[i];
		if (max && i == max) {
			fprintf(out, "  ... and %zu more (--summary=FILE lists all)\n",
				v->size - i);
			break;
		}
		if (f->error)
			fprintf(out, "  %s: [%s] %s\n", f->input, f->error,
				f->reason);
		else
			fprintf(out, "  %s: %s\n", f->input, f->reason);
	}
}

static void print_text(struct summary *s, FILE *out, bool brief)
{
	summary_sort(s);
	print_counts_text(s, out);
	if (s->signatures.size)
		fputs("\nSignatures:\n  COUNT  CONFIRMED  LIKELY  POSSIBLE  SIGNATURE\n",
		      out);
	vector_for_each(const struct signature_sum, g, &s->signatures)
		fprintf(out, "%7zu  %9zu  %6zu  %8zu  %s\n", g->count,
			g->levels[VERDICT_CONFIRMED], g->levels[VERDICT_LIKELY],
			g->levels[VERDICT_POSSIBLE], g->id);
	const struct bucket_sum **buckets = summary_sorted_buckets(s);
	if (buckets && s->buckets.size)
		fputs("\nBuckets:\n  COUNT  BUCKET        VERDICT             TITLE\n",
		      out);
	// A screenful for people; the JSON summary has every bucket.
	size_t max = brief ? SHORT_BUCKETS : TEXT_BUCKETS;
	for (size_t i = 0; buckets && i < s->buckets.size; i++) {
		if (i == max) {
			fprintf(out, "  ... and %zu more buckets (the JSON summary lists all)\n",
				s->buckets.size - i);
			break;
		}
		if (brief)
			fprintf(out, "%7zu  %s  %-18s  %s\n",
				buckets[i]->count, buckets[i]->hash,
				verdict_level_name(buckets[i]->level),
				buckets[i]->title);
		else
			print_bucket_text(out, buckets[i]);
	}
	free(buckets);
	print_inputs_text(out, &s->failures, "Failed inputs",
			  brief ? SHORT_LIST : 0);
	print_inputs_text(out, &s->skipped, "Skipped, not logs or dumps",
			  brief ? SHORT_LIST : TEXT_BUCKETS);
}

void summary_print_text(struct summary *s, FILE *out)
{
	print_text(s, out, false);
}

void summary_print_brief(struct summary *s, FILE *out)
{
	print_text(s, out, true);
}

static void levels_json(struct json_tree *t, cJSON *parent, const char *key,
			const size_t levels[SUMMARY_LEVELS])
{
	cJSON *o = jt_object(t, parent, key);
	for (int l = SUMMARY_LEVELS - 1; l >= 0; l--)
		jt_number(t, o, verdict_level_name(l), levels[l]);
}

static void bucket_json(struct json_tree *t, cJSON *arr,
			const struct bucket_sum *b)
{
	cJSON *o = jt_object(t, arr, NULL);
	jt_string(t, o, "key", b->key);
	jt_string(t, o, "hash", b->hash);
	jt_string(t, o, "title", b->title);
	jt_string(t, o, "verdict", verdict_level_name(b->level));
	jt_string_or_null(t, o, "signature", b->signature);
	jt_number(t, o, "count", b->count);
	jt_number(t, o, "traces", b->traces.size);
	jt_string_or_null(t, o, "first_seen", b->first_seen);
	jt_string_or_null(t, o, "last_seen", b->last_seen);
	cJSON *ex = jt_array(t, o, "examples");
	for (size_t i = 0; i < b->nexamples; i++) {
		cJSON *e = jt_object(t, ex, NULL);
		jt_string(t, e, "input", b->examples[i].input);
		jt_number(t, e, "index", b->examples[i].index);
	}
}

static void counts_json(struct json_tree *t, cJSON *parent,
			const struct summary *s)
{
	struct summary_counts c;
	summary_counts(s, &c);
	cJSON *o = jt_object(t, parent, "inputs");
	jt_number(t, o, "total", c.inputs);
	jt_number(t, o, "analysed", c.inputs - c.failed);
	jt_number(t, o, "with_crashes", c.with_crashes);
	jt_number(t, o, "without_crashes", c.without_crashes);
	jt_number(t, o, "failed", c.failed);
}

static void failures_json(struct json_tree *t, cJSON *parent,
			  const struct summary *s)
{
	cJSON *arr = jt_array(t, parent, "failures");
	cJSON *classes = jt_object(t, parent, "failure_classes");
	vector_for_each(const struct summary_input, f, &s->failures) {
		cJSON *o = jt_object(t, arr, NULL);
		jt_string(t, o, "input", f->input);
		jt_string(t, o, "status", "failed");
		jt_string(t, o, "error", f->error);
		jt_string(t, o, "reason", f->reason);
		cJSON *n = classes ?
				   cJSON_GetObjectItemCaseSensitive(classes,
								    f->error) :
				   NULL;
		if (n)
			cJSON_SetNumberValue(n, n->valuedouble + 1);
		else
			jt_number(t, classes, f->error, 1);
	}
}

static cJSON *summary_json(struct summary *s)
{
	summary_sort(s);
	const struct bucket_sum **buckets = summary_sorted_buckets(s);
	if (!buckets)
		return NULL;
	struct json_tree t = { 0 };
	cJSON *o = cJSON_CreateObject();
	jt_number(&t, o, "schema_version", 1);
	jt_string(&t, o, "pagerace_version", PACKAGE_VERSION);
	counts_json(&t, o, s);
	jt_number(&t, o, "reports", s->reports);
	levels_json(&t, o, "verdicts", s->levels);
	cJSON *sigs = jt_array(&t, o, "signatures");
	vector_for_each(const struct signature_sum, g, &s->signatures) {
		cJSON *so = jt_object(&t, sigs, NULL);
		jt_string(&t, so, "signature", g->id);
		jt_number(&t, so, "count", g->count);
		levels_json(&t, so, "verdicts", g->levels);
	}
	cJSON *arr = jt_array(&t, o, "buckets");
	for (size_t i = 0; i < s->buckets.size; i++)
		bucket_json(&t, arr, buckets[i]);
	free(buckets);
	failures_json(&t, o, s);
	cJSON *skipped = jt_array(&t, o, "skipped");
	vector_for_each(const struct summary_input, f, &s->skipped) {
		cJSON *so = jt_object(&t, skipped, NULL);
		jt_string(&t, so, "input", f->input);
		jt_string(&t, so, "status", "skipped");
		jt_string(&t, so, "reason", f->reason);
	}
	return json_tree_finish(&t, o);
}

struct pgr_error *summary_print_json(struct summary *s, FILE *out)
{
	cJSON *o = summary_json(s);
	char *text = o ? cJSON_Print(o) : NULL;
	cJSON_Delete(o);
	if (!text)
		return &pgr_enomem;
	fprintf(out, "%s\n", text);
	free(text);
	return NULL;
}
