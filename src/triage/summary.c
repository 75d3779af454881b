// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "json_number.h"
#include "signature/engine.h"
#include "triage/strmap.h"
#include "triage/summary.h"
#include "vector.h"

enum { LEVELS = VERDICT_CONFIRMED + 1, EXAMPLES = 3, TEXT_BUCKETS = 50 };
/* The short summary (a terminal): what fits a screen with the counts. */
enum { SHORT_BUCKETS = 10, SHORT_LIST = 5 };

/* What is known of an input: bits of strmap values in summary.inputs. */
enum {
	INPUT_HAS_REPORT = 1,
	INPUT_FAILED = 2,
	INPUT_NO_CRASH = 4,
	INPUT_SKIPPED = 8,
};

struct example {
	char *input;
	size_t index;
};

DEFINE_VECTOR(u64_vector, uint64_t)

struct bucket_sum {
	char *key, *hash, *title, *signature;
	enum verdict_level level;
	size_t count;
	char *first_seen, *last_seen;
	struct example examples[EXAMPLES];
	size_t nexamples;
	struct u64_vector traces;
};
DEFINE_VECTOR(bucket_sum_vector, struct bucket_sum)

struct signature_sum {
	char *id;
	size_t count, levels[LEVELS];
};
DEFINE_VECTOR(signature_sum_vector, struct signature_sum)

struct failure {
	char *input, *error, *reason;
};
DEFINE_VECTOR(failure_vector, struct failure)

struct summary {
	/** Lines already counted, so a line given twice counts once. */
	struct strmap lines;
	struct strmap inputs;
	size_t reports, levels[LEVELS];
	struct strmap bucket_index;
	struct bucket_sum_vector buckets;
	struct strmap signature_index;
	struct signature_sum_vector signatures;
	struct failure_vector failures;
	/** Skipped files: error is NULL. */
	struct failure_vector skipped;
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
	u64_vector_deinit(&b->traces);
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
	vector_for_each(struct failure, f, &s->failures) {
		free(f->input);
		free(f->error);
		free(f->reason);
	}
	failure_vector_deinit(&s->failures);
	vector_for_each(struct failure, f, &s->skipped) {
		free(f->input);
		free(f->reason);
	}
	failure_vector_deinit(&s->skipped);
	free(s);
}

static const char *get_string(const cJSON *obj, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(item) ? item->valuestring : NULL;
}

static bool level_from_name(const char *name, enum verdict_level *ret)
{
	for (int l = 0; name && l < LEVELS; l++) {
		if (strcmp(verdict_level_name(l), name) == 0) {
			*ret = l;
			return true;
		}
	}
	return false;
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

static int compare_examples(const struct example *a, const struct example *b)
{
	int c = strcmp(a->input, b->input);
	return c ? c : (a->index > b->index) - (a->index < b->index);
}

/* Keep the EXAMPLES smallest (input, index): the same for any order. */
static bool add_example(struct bucket_sum *b, const char *input, size_t index)
{
	struct example e = { (char *)input, index };
	size_t n = b->nexamples;
	if (n == EXAMPLES && compare_examples(&e, &b->examples[n - 1]) >= 0)
		return true;
	if (n == EXAMPLES)
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
	return u64_vector_append(&b->traces, &h);
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

static struct pgr_error *report_from_json(const cJSON *line,
					  struct summary_line *ret)
{
	const cJSON *index = cJSON_GetObjectItemCaseSensitive(line, "index");
	const cJSON *bucket = cJSON_GetObjectItemCaseSensitive(line, "bucket");
	const cJSON *rec = cJSON_GetObjectItemCaseSensitive(line, "record");
	*ret = (struct summary_line){
		.input = get_string(line, "input"),
		.signature = get_string(line, "signature"),
		.seen = get_string(line, "seen"),
		.title = get_string(rec, "title"),
		.key = get_string(bucket, "key"),
		.hash = get_string(bucket, "hash"),
		.trace_hash = get_string(bucket, "trace_hash"),
	};
	uint64_t n = 0;
	if (!ret->input ||
	    !json_whole_number(index, 1, JSON_NUMBER_EXACT_MAX, &n) ||
	    !ret->title || !ret->key || !ret->hash ||
	    !level_from_name(get_string(line, "verdict"), &ret->level))
		return pgr_error_create(PGR_ERROR_BAD_DATA,
					"not a pagerace crash record (input, a whole index >= 1, record.title, bucket or verdict missing)");
	ret->index = n;
	return NULL;
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

struct pgr_error *summary_line_from_json(const cJSON *line,
					 struct summary_line *ret)
{
	if (!cJSON_IsObject(line))
		return pgr_error_create(PGR_ERROR_BAD_DATA,
					"not a JSON object");
	const char *status = get_string(line, "status");
	return status ? status_from_json(line, status, ret) :
			report_from_json(line, ret);
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
		struct failure *f = failure_vector_append_entry(&s->skipped);
		if (!f || !(f->input = strdup(l->input)) ||
		    !(f->reason = strdup(l->reason)))
			return &pgr_enomem;
		return NULL;
	}
	if (!failed)
		return NULL;
	struct failure *f = failure_vector_append_entry(&s->failures);
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
	struct pgr_error *err = summary_line_from_json(line, &l);
	return err ? err : summary_add_line(s, &l);
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
	const struct failure *x = a, *y = b;
	int c = strcmp(x->input, y->input);
	if (!c)
		c = strcmp(x->error, y->error);
	return c ? c : strcmp(x->reason, y->reason);
}

static int compare_skipped(const void *a, const void *b)
{
	const struct failure *x = a, *y = b;
	int c = strcmp(x->input, y->input);
	return c ? c : strcmp(x->reason, y->reason);
}

static const struct bucket_sum **sorted_buckets(const struct summary *s)
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

/* Sorting in place leaves signature_index stale: printing comes last. */
static void sort_rest(struct summary *s)
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
	for (int l = LEVELS - 1; l >= 0; l--)
		fprintf(out, " %zu %s%s", s->levels[l], verdict_level_name(l),
			l ? "," : "\n");
}

/* Failed or skipped inputs, at most @p max of them (0: all). */
static void print_inputs_text(FILE *out, const struct failure_vector *v,
			      const char *title, size_t max)
{
	if (!v->size)
		return;
	fprintf(out, "\n%s (%zu):\n", title, v->size);
	for (size_t i = 0; i < v->size; i++) {
		const struct failure *f = &v->data[i];
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
	sort_rest(s);
	print_counts_text(s, out);
	if (s->signatures.size)
		fputs("\nSignatures:\n  COUNT  CONFIRMED  LIKELY  POSSIBLE  SIGNATURE\n",
		      out);
	vector_for_each(const struct signature_sum, g, &s->signatures)
		fprintf(out, "%7zu  %9zu  %6zu  %8zu  %s\n", g->count,
			g->levels[VERDICT_CONFIRMED], g->levels[VERDICT_LIKELY],
			g->levels[VERDICT_POSSIBLE], g->id);
	const struct bucket_sum **buckets = sorted_buckets(s);
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

static cJSON *levels_json(const size_t levels[LEVELS])
{
	cJSON *o = cJSON_CreateObject();
	for (int l = LEVELS - 1; l >= 0; l--)
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
	vector_for_each(const struct failure, f, &s->failures) {
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
	sort_rest(s);
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
	const struct bucket_sum **buckets = sorted_buckets(s);
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
	vector_for_each(const struct failure, f, &s->skipped) {
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
