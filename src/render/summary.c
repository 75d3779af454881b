// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

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

static cJSON *levels_json(const size_t levels[SUMMARY_LEVELS])
{
	cJSON *o = cJSON_CreateObject();
	for (int l = SUMMARY_LEVELS - 1; l >= 0; l--)
		cJSON_AddNumberToObject(o, verdict_level_name(l), levels[l]);
	return o;
}

static cJSON *bucket_json(const struct bucket_sum *b)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "key", b->key);
	cJSON_AddStringToObject(o, "hash", b->hash);
	cJSON_AddStringToObject(o, "title", b->title);
	cJSON_AddStringToObject(o, "verdict", verdict_level_name(b->level));
	cJSON_AddItemToObject(o, "signature", b->signature ?
			      cJSON_CreateString(b->signature) :
			      cJSON_CreateNull());
	cJSON_AddNumberToObject(o, "count", b->count);
	cJSON_AddNumberToObject(o, "traces", b->traces.size);
	cJSON_AddItemToObject(o, "first_seen", b->first_seen ?
			      cJSON_CreateString(b->first_seen) :
			      cJSON_CreateNull());
	cJSON_AddItemToObject(o, "last_seen", b->last_seen ?
			      cJSON_CreateString(b->last_seen) :
			      cJSON_CreateNull());
	cJSON *ex = cJSON_AddArrayToObject(o, "examples");
	for (size_t i = 0; i < b->nexamples; i++) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "input", b->examples[i].input);
		cJSON_AddNumberToObject(e, "index", b->examples[i].index);
		cJSON_AddItemToArray(ex, e);
	}
	return o;
}

static cJSON *counts_json(const struct summary *s)
{
	struct summary_counts c;
	summary_counts(s, &c);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "total", c.inputs);
	cJSON_AddNumberToObject(o, "analysed", c.inputs - c.failed);
	cJSON_AddNumberToObject(o, "with_crashes", c.with_crashes);
	cJSON_AddNumberToObject(o, "without_crashes", c.without_crashes);
	cJSON_AddNumberToObject(o, "failed", c.failed);
	return o;
}

static cJSON *failures_json(const struct summary *s, cJSON **classes_ret)
{
	cJSON *arr = cJSON_CreateArray();
	*classes_ret = cJSON_CreateObject();
	vector_for_each(const struct summary_input, f, &s->failures) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "input", f->input);
		cJSON_AddStringToObject(o, "status", "failed");
		cJSON_AddStringToObject(o, "error", f->error);
		cJSON_AddStringToObject(o, "reason", f->reason);
		cJSON_AddItemToArray(arr, o);
		cJSON *n = cJSON_GetObjectItemCaseSensitive(*classes_ret,
							    f->error);
		if (n)
			cJSON_SetNumberValue(n, n->valuedouble + 1);
		else
			cJSON_AddNumberToObject(*classes_ret, f->error, 1);
	}
	return arr;
}

static cJSON *summary_json(struct summary *s)
{
	summary_sort(s);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "schema_version", 1);
	cJSON_AddStringToObject(o, "pagerace_version", PACKAGE_VERSION);
	cJSON_AddItemToObject(o, "inputs", counts_json(s));
	cJSON_AddNumberToObject(o, "reports", s->reports);
	cJSON_AddItemToObject(o, "verdicts", levels_json(s->levels));
	cJSON *sigs = cJSON_AddArrayToObject(o, "signatures");
	vector_for_each(const struct signature_sum, g, &s->signatures) {
		cJSON *so = cJSON_CreateObject();
		cJSON_AddStringToObject(so, "signature", g->id);
		cJSON_AddNumberToObject(so, "count", g->count);
		cJSON_AddItemToObject(so, "verdicts", levels_json(g->levels));
		cJSON_AddItemToArray(sigs, so);
	}
	cJSON *arr = cJSON_AddArrayToObject(o, "buckets");
	const struct bucket_sum **buckets = summary_sorted_buckets(s);
	for (size_t i = 0; buckets && i < s->buckets.size; i++)
		cJSON_AddItemToArray(arr, bucket_json(buckets[i]));
	if (!buckets) {
		cJSON_Delete(o);
		return NULL;
	}
	free(buckets);
	cJSON *classes;
	cJSON_AddItemToObject(o, "failures", failures_json(s, &classes));
	cJSON_AddItemToObject(o, "failure_classes", classes);
	cJSON *skipped = cJSON_AddArrayToObject(o, "skipped");
	vector_for_each(const struct summary_input, f, &s->skipped) {
		cJSON *so = cJSON_CreateObject();
		cJSON_AddStringToObject(so, "input", f->input);
		cJSON_AddStringToObject(so, "status", "skipped");
		cJSON_AddStringToObject(so, "reason", f->reason);
		cJSON_AddItemToArray(skipped, so);
	}
	return o;
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
