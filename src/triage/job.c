// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "report_read.h"
#include "test_fault.h"
#include "triage/cache.h"
#include "triage/job.h"
#include "triage/lines.h"
#include "triage/workers.h"

enum { JOB_EXIT_NO_MEMORY = 3 };

/*
 * A job's output, after the optional "#cached" line, is one record per
 * line, each a run of fields ending in NUL (none holds a NUL: they are C
 * strings): "R" then input, index, verdict level, title, bucket key,
 * bucket hash, signature, seen and trace hash for a crash report; "S"
 * then input, status, error and reason for a status; then the text.  An
 * optional field is "" when absent and starts with '=' when present.
 */
static void put(FILE *out, const char *s)
{
	fputs(s, out);
	fputc('\0', out);
}

static void put_opt(FILE *out, const char *s)
{
	if (s) {
		fputc('=', out);
		fputs(s, out);
	}
	fputc('\0', out);
}

static void put_line(FILE *out, const struct summary_line *l)
{
	if (l->status) {
		put(out, "S");
		put(out, l->input);
		put(out, l->status);
		put_opt(out, l->error);
		put_opt(out, l->reason);
		return;
	}
	put(out, "R");
	put(out, l->input);
	fprintf(out, "%zu%c%d%c", l->index, 0, (int)l->level, 0);
	put(out, l->title);
	put(out, l->key);
	put(out, l->hash);
	put_opt(out, l->signature);
	put_opt(out, l->seen);
	put_opt(out, l->trace_hash);
}

static bool get(const char **p, const char *end, const char **ret)
{
	const char *nul = memchr(*p, '\0', end - *p);
	if (!nul)
		return false;
	*ret = *p;
	*p = nul + 1;
	return true;
}

static bool get_opt(const char **p, const char *end, const char **ret)
{
	if (!get(p, end, ret))
		return false;
	if (**ret == '=')
		++*ret;
	else if (**ret)
		return false;
	else
		*ret = NULL;
	return true;
}

static bool get_number(const char **p, const char *end, size_t max, size_t *ret)
{
	const char *s;
	char *num_end;
	if (!get(p, end, &s))
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, &num_end, 10);
	*ret = v;
	return !errno && num_end != s && !*num_end && v <= max;
}

static bool get_report(const char **p, const char *end, struct summary_line *l)
{
	size_t level;
	if (!get(p, end, &l->input) ||
	    !get_number(p, end, SIZE_MAX, &l->index) ||
	    !get_number(p, end, VERDICT_CONFIRMED, &level))
		return false;
	l->level = level;
	return get(p, end, &l->title) && get(p, end, &l->key) &&
	       get(p, end, &l->hash) && get_opt(p, end, &l->signature) &&
	       get_opt(p, end, &l->seen) && get_opt(p, end, &l->trace_hash);
}

static bool get_status(const char **p, const char *end, struct summary_line *l)
{
	return get(p, end, &l->input) && get(p, end, &l->status) &&
	       get_opt(p, end, &l->error) && get_opt(p, end, &l->reason);
}

struct pgr_error *job_output_next(const char **p, const char *end,
				  struct job_line *ret, bool *found_ret)
{
	*found_ret = *p < end;
	if (!*found_ret)
		return NULL;
	*ret = (struct job_line){ 0 };
	const char *kind;
	bool ok = get(p, end, &kind);
	if (ok && strcmp(kind, "R") == 0)
		ok = get_report(p, end, &ret->line);
	else if (ok && strcmp(kind, "S") == 0)
		ok = get_status(p, end, &ret->line);
	else
		ok = false;
	if (!ok || !get(p, end, &ret->text))
		return pgr_error_create(PGR_ERROR_BAD_DATA,
					"a worker's output is malformed");
	ret->len = *p - 1 - ret->text;
	return NULL;
}

struct job_state {
	const struct job_options *opts;
	const char *path;
	char seen[SEEN_SIZE];
	char key[CACHE_KEY_SIZE];
	bool use_cache;
	bool out_of_memory;
	/** The job's output. */
	FILE *out;
	/** The JSON Lines to cache; NULL: none. */
	FILE *cache;
};

/*
 * Hand one line to the parent (and to the cache): a status line, or the
 * crash line of @p report.  A replayed crash line comes without its
 * report (NULL): it is read back into one (src/report_read.h), which the
 * summary's fields and the renderers are made from.
 */
static struct pgr_error *emit(struct job_state *st, const cJSON *line,
			      const struct report *report)
{
	struct summary_line l;
	struct report_texts own;
	struct report read;
	bool crash = !cJSON_HasObjectItem(line, "status");
	struct pgr_error *err = NULL;
	report_texts_init(&own);
	read = (struct report){ 0 };
	crash_record_init(&read.rec);
	if (!crash)
		err = summary_status_from_json(line, &l);
	else if (!report && !(err = report_read(line, NULL, &own, &read)))
		report = &read;
	if (!err && crash)
		summary_line_from_report(
			report,
			cJSON_GetStringValue(
				cJSON_GetObjectItemCaseSensitive(line, "seen")),
			&l);
	_cleanup_free_ char *json = err ? NULL : cJSON_PrintUnformatted(line);
	if (!err && !json)
		err = &pgr_enomem;
	if (!err) {
		if (st->cache) {
			fputs(json, st->cache);
			fputc('\n', st->cache);
		}
		put_line(st->out, &l);
		if (st->opts->format == LINES_JSONL) {
			fputs(json, st->out);
			fputc('\n', st->out);
		} else if (crash) {
			err = lines_render_report(st->out, report,
						  st->opts->format);
		}
		fputc('\0', st->out);
	}
	report_deinit(&read);
	report_texts_deinit(&own);
	return err;
}

/* emit() a line made for it, and free it; NULL is out of memory. */
static struct pgr_error *emit_new(struct job_state *st, cJSON *line,
				  const struct report *report)
{
	struct pgr_error *err = line ? emit(st, line, report) : &pgr_enomem;
	cJSON_Delete(line);
	return err;
}

struct line_sink {
	struct report_sink base;
	struct job_state *st;
};

static struct pgr_error *emit_line(struct report_sink *base,
				   const struct report *report)
{
	struct line_sink *sink = (struct line_sink *)base;
	return emit_new(sink->st, lines_report(report, sink->st->seen), report);
}

static struct pgr_error *analyse(const char *path,
				 const struct job_options *opts,
				 struct report_sink *sink, size_t *count_ret)
{
	enum input_type type;
	*count_ret = 0;
	struct pgr_error *err = input_detect(path, &type);
	if (err)
		return err;
	// Logs, vmcores and compressed ones; a vmcore is already in a
	// process of its own.
	return analyze_typed_path(path, type, opts->analysis, sink,
				  count_ret);
}

// Set @p key of @p line to @p value; false: out of memory (a line
// without its input would not be one the schema takes).
static bool rename_line(cJSON *line, const char *key, const char *value)
{
	cJSON *s = cJSON_CreateString(value);
	if (!s)
		return false;
	if (cJSON_HasObjectItem(line, key) ?
		    cJSON_ReplaceItemInObjectCaseSensitive(line, key, s) :
		    cJSON_AddItemToObject(line, key, s))
		return true;
	cJSON_Delete(s);
	return false;
}

/* Cached lines name the input they were made for: rename to this one. */
static struct pgr_error *replay(struct job_state *st, const char *data)
{
	fputs(JOB_CACHED_LINE "\n", st->out);
	while (*data) {
		const char *end = strchr(data, '\n');
		size_t len = end ? (size_t)(end - data) : strlen(data);
		cJSON *line = cJSON_ParseWithLength(data, len);
		if (!line)
			return pgr_error_create(PGR_ERROR_BAD_DATA,
						"corrupt cache entry");
		struct pgr_error *err = NULL;
		if (!rename_line(line, "input", st->path) ||
		    (cJSON_HasObjectItem(line, "seen") &&
		     !rename_line(line, "seen", st->seen)))
			err = &pgr_enomem;
		if (!err)
			err = emit(st, line, NULL);
		cJSON_Delete(line);
		if (err)
			return err;
		data += len + (end ? 1 : 0);
	}
	return NULL;
}

/*
 * A cache hit is replayed into @p out (the job's output); any cache
 * trouble just means analysing.
 */
static bool try_cache(struct job_state *st, FILE *out)
{
	uint64_t hash, size;
	struct pgr_error *err = cache_hash_file(st->path, &hash, &size);
	if (err) {
		pgr_error_destroy(err);
		return false;
	}
	cache_key(hash, size, st->opts->rules_hash, st->opts->cache_extra,
		  st->key);
	st->use_cache = true;
	_cleanup_free_ char *data = NULL, *lines = NULL;
	size_t len, lines_len = 0;
	err = cache_lookup(st->opts->cache_dir, st->key, &data, &len);
	if (err || !data) {
		pgr_error_destroy(err);
		return false;
	}
	// Replayed aside: a corrupt entry must leave no half output.
	st->out = open_memstream(&lines, &lines_len);
	if (!st->out) {
		st->out = out;
		return false;
	}
	err = replay(st, data);
	bool ok = fclose(st->out) == 0 && !err;
	st->out = out;
	pgr_error_destroy(err);
	return ok && fwrite(lines, 1, lines_len, out) == lines_len;
}

static struct pgr_error *failed_line(struct job_state *st,
				     const struct pgr_error *err)
{
	const struct job_options *opts = st->opts;
	_cleanup_free_ char *reason = NULL;
	if (err->code == PGR_ERROR_NO_MEMORY && opts->memory_limit &&
	    asprintf(&reason, "%s (memory limit %llu MiB)", err->message,
		     (unsigned long long)(opts->memory_limit >> 20)) < 0)
		return &pgr_enomem;
	return emit_new(st,
			lines_status(st->path, "failed", lines_error_class(err),
				     reason ? reason : err->message),
			NULL);
}

static struct pgr_error *analyse_to(struct job_state *st, bool *ok_ret)
{
	struct line_sink sink = { .base.emit = emit_line, .st = st };
	size_t count = 0;
	_cleanup_error_ struct pgr_error *err = test_fault_input(
		st->opts->test_fault, st->opts->memory_limit, st->path);
	if (!err)
		err = analyse(st->path, st->opts, &sink.base, &count);
	*ok_ret = !err;
	if (err && err->code == PGR_ERROR_NO_MEMORY)
		st->out_of_memory = true;
	if (err)
		return failed_line(st, err);
	if (count)
		return NULL;
	return emit_new(st, lines_status(st->path, "no-crash", NULL, NULL),
			NULL);
}

int job_run(const struct job_options *opts, const char *path, char **ret,
	    size_t *len_ret)
{
	struct job_state st = { .opts = opts, .path = path };
	struct stat sb;
	if (stat(path, &sb) == 0)
		lines_format_time(sb.st_mtime, st.seen);
	_cleanup_free_ char *buf = NULL, *cached = NULL;
	size_t len = 0, cached_len = 0;
	FILE *out = open_memstream(&buf, &len);
	if (!out)
		return JOB_EXIT_NO_MEMORY;
	st.out = out;
	bool hit = opts->cache_dir && try_cache(&st, out), ok = true;
	// What analysis makes is cached: a JSON line for each line.
	if (!hit && st.use_cache)
		st.cache = open_memstream(&cached, &cached_len);
	struct pgr_error *err = NULL;
	if (!hit && st.use_cache && !st.cache)
		err = &pgr_enomem;
	else if (!hit)
		err = analyse_to(&st, &ok);
	bool closed = fclose(out) == 0;
	if (st.cache && fclose(st.cache) != 0)
		closed = false;
	if (!closed || err) {
		pgr_error_destroy(err);
		return JOB_EXIT_NO_MEMORY;
	}
	// Failures are not cached: a time limit or a full disk may not
	// strike again, and failing again is quick for the others.
	if (!hit && ok && st.use_cache)
		pgr_error_destroy(cache_store(opts->cache_dir, st.key, cached,
					      cached_len));
	*len_ret = len;
	*ret = no_cleanup_ptr(buf);
	// After running out of memory, a fresh worker for the next input.
	return st.out_of_memory ? WORKER_RETIRE : 0;
}
