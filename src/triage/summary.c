// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "report_read.h"
#include "signature/engine.h"
#include "triage/strmap.h"
#include "triage/summary.h"
#include "vector.h"

/* What is known of an input: bits of strmap values in summary.inputs. */
enum {
	INPUT_HAS_REPORT = 1,
	INPUT_FAILED = 2,
	INPUT_NO_CRASH = 4,
	INPUT_SKIPPED = 8,
};

struct pgr_error *summary_create(struct summary **ret)
{
	struct summary *s = calloc(1, sizeof(*s));
	if (!s)
		return &pgr_enomem;
	*ret = s;
	return NULL;
}

static void bucket_sum_deinit(struct bucket_sum *b)
{
	free(b->key);
	free(b->hash);
	free(b->title);
	free(b->signature);
	free(b->first_seen);
	free(b->last_seen);
	for (size_t i = 0; i < b->nexamples; i++)
		free(b->examples[i].input);
	trace_hash_vector_deinit(&b->traces);
}

void summary_destroy(struct summary *s)
{
	if (!s)
		return;
	strmap_deinit(&s->lines);
	strmap_deinit(&s->inputs);
	strmap_deinit(&s->bucket_index);
	strmap_deinit(&s->signature_index);
	vector_for_each(struct bucket_sum, b, &s->buckets)
		bucket_sum_deinit(b);
	bucket_sum_vector_deinit(&s->buckets);
	vector_for_each(struct signature_sum, g, &s->signatures)
		free(g->id);
	signature_sum_vector_deinit(&s->signatures);
	vector_for_each(struct summary_input, f, &s->failures) {
		free(f->input);
		free(f->error);
		free(f->reason);
	}
	summary_input_vector_deinit(&s->failures);
	vector_for_each(struct summary_input, f, &s->skipped) {
		free(f->input);
		free(f->reason);
	}
	summary_input_vector_deinit(&s->skipped);
	free(s);
}

static const char *get_string(const cJSON *obj, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(item) ? item->valuestring : NULL;
}

/* Whether the line (kind, input, detail) is new; false on ENOMEM too. */
static struct pgr_error *first_time(struct summary *s, char kind,
				    const char *input, const char *detail,
				    bool *ret)
{
	_cleanup_free_ char *key = NULL;
	int n = asprintf(&key, "%c%s%c%s", kind, input, 0, detail);
	if (n < 0)
		return &pgr_enomem;
	if (!strmap_get_or_add(&s->lines, key, n, 0, ret))
		return &pgr_enomem;
	return NULL;
}

static struct pgr_error *mark_input(struct summary *s, const char *input,
				    size_t bit)
{
	bool added;
	size_t *v = strmap_get_or_add(&s->inputs, input, strlen(input), 0,
				      &added);
	if (!v)
		return &pgr_enomem;
	*v |= bit;
	return NULL;
}

static bool set_min_max(char **first, char **last, const char *seen)
{
	if (!seen || !*seen)
		return true;
	if (!*first || strcmp(seen, *first) < 0) {
		free(*first);
		if (!(*first = strdup(seen)))
			return false;
	}
	if (!*last || strcmp(seen, *last) > 0) {
		free(*last);
		if (!(*last = strdup(seen)))
			return false;
	}
	return true;
}

static int compare_examples(const struct summary_example *a, const struct summary_example *b)
{
	int c = strcmp(a->input, b->input);
	return c ? c : (a->index > b->index) - (a->index < b->index);
}

/* Keep the SUMMARY_EXAMPLES smallest (input, index): the same for any order. */
static bool add_example(struct bucket_sum *b, const char *input, size_t index)
{
	struct summary_example e = { (char *)input, index };
	size_t n = b->nexamples;
	if (n == SUMMARY_EXAMPLES && compare_examples(&e, &b->examples[n - 1]) >= 0)
		return true;
	if (n == SUMMARY_EXAMPLES)
		free(b->examples[--n].input);
	if (!(e.input = strdup(input)))
		return false;
	size_t i = n;
	for (; i > 0 && compare_examples(&e, &b->examples[i - 1]) < 0; i--)
		b->examples[i] = b->examples[i - 1];
	b->examples[i] = e;
	b->nexamples = n + 1;
	return true;
}

static bool add_trace(struct bucket_sum *b, const char *trace_hash)
{
	if (!trace_hash)
		return true;
	uint64_t h = strtoull(trace_hash, NULL, 16);
	vector_for_each(uint64_t, t, &b->traces) {
		if (*t == h)
			return true;
	}
	return trace_hash_vector_append(&b->traces, &h);
}

/* The bucket's verdict is its best report's; ties go to the lower id. */
static bool better_verdict(const struct bucket_sum *b,
			   enum verdict_level level, const char *sig)
{
	if (level != b->level)
		return level > b->level;
	if (!sig || !b->signature)
		return sig && !b->signature;
	return strcmp(sig, b->signature) < 0;
}

static struct bucket_sum *find_bucket(struct summary *s, const char *key)
{
	bool added;
	size_t *i = strmap_get_or_add(&s->bucket_index, key, strlen(key),
				      s->buckets.size, &added);
	if (!i)
		return NULL;
	if (!added)
		return &s->buckets.data[*i];
	struct bucket_sum *b = bucket_sum_vector_append_entry(&s->buckets);
	if (b && !(b->key = strdup(key)))
		return NULL;
	return b;
}

void summary_line_from_report(const struct report *report, const char *seen,
			      struct summary_line *ret)
{
	const struct verdict_vector *vs = &report->verdicts;
	bool verdict = vs->size && vs->data[0].level != VERDICT_NONE;
	*ret = (struct summary_line){
		.input = report->rec.input,
		.index = report->index,
		.level = vs->size ? vs->data[0].level : VERDICT_NONE,
		.signature = verdict ? vs->data[0].rule->id : NULL,
		.title = report->rec.title,
		.seen = seen,
		.key = report->bucket.key,
		.hash = report->bucket.hash,
		.trace_hash = report->bucket.trace_hash[0] ?
				      report->bucket.trace_hash :
				      NULL,
	};
}

static struct pgr_error *status_from_json(const cJSON *line, const char *status,
					  struct summary_line *ret)
{
	*ret = (struct summary_line){
		.input = get_string(line, "input"),
		.status = status,
		.error = get_string(line, "error"),
		.reason = get_string(line, "reason"),
	};
	bool failed = strcmp(status, "failed") == 0;
	bool skipped = strcmp(status, "skipped") == 0;
	if (!ret->input || (failed && (!ret->error || !ret->reason)) ||
	    (skipped && !ret->reason) ||
	    (!failed && !skipped && strcmp(status, "no-crash") != 0))
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"not a pagerace input status (status \"%s\")",
					status);
	return NULL;
}

struct pgr_error *summary_status_from_json(const cJSON *line,
					   struct summary_line *ret)
{
	const char *status = get_string(line, "status");
	if (!status)
		return pgr_error_create(PGR_ERROR_BAD_DATA,
					"not a pagerace input status");
	return status_from_json(line, status, ret);
}

static struct pgr_error *count_signature(struct summary *s,
					 const struct summary_line *r)
{
	if (!r->signature)
		return NULL;
	bool added;
	size_t *i = strmap_get_or_add(&s->signature_index, r->signature,
				      strlen(r->signature),
				      s->signatures.size, &added);
	if (!i)
		return &pgr_enomem;
	if (added) {
		struct signature_sum *g =
			signature_sum_vector_append_entry(&s->signatures);
		if (!g || !(g->id = strdup(r->signature)))
			return &pgr_enomem;
	}
	struct signature_sum *g = &s->signatures.data[*i];
	g->count++;
	g->levels[r->level]++;
	return NULL;
}

static struct pgr_error *update_bucket(struct bucket_sum *b,
				       const struct summary_line *r)
{
	if (b->count++ == 0) {
		b->level = r->level;
		if (!(b->hash = strdup(r->hash)) ||
		    !(b->title = strdup(r->title)) ||
		    (r->signature && !(b->signature = strdup(r->signature))))
			return &pgr_enomem;
	} else if (better_verdict(b, r->level, r->signature)) {
		b->level = r->level;
		free(b->signature);
		b->signature = NULL;
		if (r->signature && !(b->signature = strdup(r->signature)))
			return &pgr_enomem;
	}
	if (strcmp(r->title, b->title) < 0) {
		free(b->title);
		if (!(b->title = strdup(r->title)))
			return &pgr_enomem;
	}
	if (!set_min_max(&b->first_seen, &b->last_seen, r->seen) ||
	    !add_example(b, r->input, r->index) ||
	    !add_trace(b, r->trace_hash))
		return &pgr_enomem;
	return NULL;
}

static struct pgr_error *add_report(struct summary *s,
				     const struct summary_line *r)
{
	char index[24];
	snprintf(index, sizeof(index), "%zu", r->index);
	bool fresh;
	struct pgr_error *err = first_time(s, 'R', r->input, index, &fresh);
	if (err || !fresh)
		return err;
	if ((err = mark_input(s, r->input, INPUT_HAS_REPORT)))
		return err;
	s->reports++;
	s->levels[r->level]++;
	if ((err = count_signature(s, r)))
		return err;
	struct bucket_sum *b = find_bucket(s, r->key);
	return b ? update_bucket(b, r) : &pgr_enomem;
}

static struct pgr_error *add_status(struct summary *s,
				    const struct summary_line *l)
{
	bool failed = strcmp(l->status, "failed") == 0;
	bool skipped = strcmp(l->status, "skipped") == 0;
	bool fresh;
	struct pgr_error *err = first_time(s, 'S', l->input, l->status, &fresh);
	if (err || !fresh)
		return err;
	if ((err = mark_input(s, l->input,
			      failed ? INPUT_FAILED :
			      skipped ? INPUT_SKIPPED : INPUT_NO_CRASH)))
		return err;
	if (skipped) {
		struct summary_input *f = summary_input_vector_append_entry(&s->skipped);
		if (!f || !(f->input = strdup(l->input)) ||
		    !(f->reason = strdup(l->reason)))
			return &pgr_enomem;
		return NULL;
	}
	if (!failed)
		return NULL;
	struct summary_input *f = summary_input_vector_append_entry(&s->failures);
	if (!f || !(f->input = strdup(l->input)) ||
	    !(f->error = strdup(l->error)) || !(f->reason = strdup(l->reason)))
		return &pgr_enomem;
	return NULL;
}

struct pgr_error *summary_add_line(struct summary *s,
				   const struct summary_line *line)
{
	return line->status ? add_status(s, line) : add_report(s, line);
}

struct pgr_error *summary_add(struct summary *s, const cJSON *line)
{
	struct summary_line l;
	if (!cJSON_IsObject(line))
		return pgr_error_create(PGR_ERROR_BAD_DATA,
					"not a JSON object");
	if (cJSON_HasObjectItem(line, "status")) {
		struct pgr_error *err = summary_status_from_json(line, &l);
		return err ? err : summary_add_line(s, &l);
	}
	// A crash line is a report: read back whole, so that a line pagerace
	// did not write is refused here, not counted.
	struct report_texts own;
	struct report report;
	report_texts_init(&own);
	struct pgr_error *err = report_read(line, NULL, &own, &report);
	if (err && err->code != PGR_ERROR_NO_MEMORY)
		err = pgr_error_prefix(err, "not a pagerace crash record");
	if (!err) {
		summary_line_from_report(&report, get_string(line, "seen"), &l);
		err = summary_add_line(s, &l);
	}
	report_deinit(&report);
	report_texts_deinit(&own);
	return err;
}

void summary_counts(const struct summary *s, struct summary_counts *ret)
{
	*ret = (struct summary_counts){ .reports = s->reports };
	strmap_for_each(e, &s->inputs) {
		// A skipped file is no input, unless it also gave lines.
		if (e->value == INPUT_SKIPPED) {
			ret->skipped++;
			continue;
		}
		ret->inputs++;
		if (e->value & INPUT_FAILED)
			ret->failed++;
		if (e->value & INPUT_HAS_REPORT)
			ret->with_crashes++;
		else if (e->value & INPUT_NO_CRASH)
			ret->without_crashes++;
	}
}

static int compare_buckets(const void *a, const void *b)
{
	const struct bucket_sum *x = *(const struct bucket_sum *const *)a;
	const struct bucket_sum *y = *(const struct bucket_sum *const *)b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int compare_signatures(const void *a, const void *b)
{
	const struct signature_sum *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int compare_failures(const void *a, const void *b)
{
	const struct summary_input *x = a, *y = b;
	int c = strcmp(x->input, y->input);
	if (!c)
		c = strcmp(x->error, y->error);
	return c ? c : strcmp(x->reason, y->reason);
}

static int compare_skipped(const void *a, const void *b)
{
	const struct summary_input *x = a, *y = b;
	int c = strcmp(x->input, y->input);
	return c ? c : strcmp(x->reason, y->reason);
}

const struct bucket_sum **summary_sorted_buckets(const struct summary *s)
{
	const struct bucket_sum **v = malloc((s->buckets.size + 1) *
					     sizeof(*v));
	if (!v)
		return NULL;
	for (size_t i = 0; i < s->buckets.size; i++)
		v[i] = &s->buckets.data[i];
	qsort(v, s->buckets.size, sizeof(*v), compare_buckets);
	return v;
}

void summary_sort(struct summary *s)
{
	// qsort's array must not be NULL, even when empty.
	if (s->signatures.size)
		qsort(s->signatures.data, s->signatures.size,
		      sizeof(*s->signatures.data), compare_signatures);
	if (s->failures.size)
		qsort(s->failures.data, s->failures.size,
		      sizeof(*s->failures.data), compare_failures);
	if (s->skipped.size)
		qsort(s->skipped.data, s->skipped.size,
		      sizeof(*s->skipped.data), compare_skipped);
}
