// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "triage/cache.h"
#include "triage/decompress.h"
#include "triage/job.h"
#include "triage/lines.h"
#include "triage/workers.h"

enum { JOB_EXIT_NO_MEMORY = 3 };

struct line_sink {
	struct report_sink base;
	FILE *out;
	const char *seen;
};

static struct pgr_error *emit_line(struct report_sink *base,
				   const struct report *report)
{
	struct line_sink *sink = (struct line_sink *)base;
	cJSON *line = lines_report(report, sink->seen);
	struct pgr_error *err = lines_print(sink->out, line);
	cJSON_Delete(line);
	return err;
}

static struct pgr_error *analyse_compressed(const char *path,
					    enum input_type type,
					    const struct job_options *opts,
					    struct report_sink *sink,
					    size_t *count_ret)
{
	_cleanup_(decompressor_destroyp) struct decompressor *d = NULL;
	struct pgr_error *err = decompressor_create(path, type, &d);
	if (err)
		return err;
	enum input_type inner = decompressor_content_type(d);
	if (inner == INPUT_LOG) {
		err = analyze_log_stream(decompressor_file(d), path,
					 opts->analysis, sink, count_ret);
		// The decompressor's words say more than the reader's EIO.
		struct pgr_error *derr = decompressor_take_error(d);
		if (derr) {
			pgr_error_destroy(err);
			err = derr;
		}
		return err;
	}
	if (input_type_is_vmcore(inner) || inner == INPUT_GZIP ||
	    inner == INPUT_XZ || inner == INPUT_ZSTD)
		return pgr_error_format(PGR_ERROR_UNSUPPORTED,
					"%s: %s inside a %s: not supported by this version of pagerace yet",
					path, input_type_name(inner),
					input_type_name(type));
	return pgr_error_format(PGR_ERROR_BAD_DATA, "%s: %s inside a %s", path,
				input_type_name(inner), input_type_name(type));
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
	if (type == INPUT_GZIP || type == INPUT_XZ || type == INPUT_ZSTD)
		return analyse_compressed(path, type, opts, sink, count_ret);
	// Logs, and vmcores: analyze_path refuses these until the reader
	// lands, and then this process's limits already isolate it.
	return analyze_path(path, opts->analysis, sink, count_ret);
}

static struct pgr_error *run_test_fault(const struct job_options *opts,
					const char *path)
{
	const char *colon = opts->test_fault ? strchr(opts->test_fault, ':') :
					       NULL;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!colon || strcmp(colon + 1, base) != 0)
		return NULL;
	size_t n = colon - opts->test_fault;
	if (strncmp(opts->test_fault, "hang", n) == 0)
		for (;;)
			pause();
	if (strncmp(opts->test_fault, "crash", n) == 0)
		raise(SIGSEGV);
	if (strncmp(opts->test_fault, "hog", n) == 0) {
		// Bounded, so a build without the limit does not eat the
		// machine: 4 times the limit, 1 GiB without one.
		uint64_t max = opts->memory_limit ? opts->memory_limit * 4 :
						    UINT64_C(1) << 30;
		for (uint64_t got = 0; got < max; got += 16 << 20) {
			char *p = malloc(16 << 20);
			if (!p)
				return &pgr_enomem;
			memset(p, 1, 16 << 20);
		}
	}
	return NULL;
}

/* Cached lines name the input they were made for: rename to this one. */
static struct pgr_error *replay(const char *data, const char *path,
				const char *seen, FILE *out)
{
	fputs(JOB_CACHED_LINE "\n", out);
	while (*data) {
		const char *end = strchr(data, '\n');
		size_t len = end ? (size_t)(end - data) : strlen(data);
		cJSON *line = cJSON_ParseWithLength(data, len);
		if (!line)
			return pgr_error_create(PGR_ERROR_BAD_DATA,
						"corrupt cache entry");
		cJSON_ReplaceItemInObjectCaseSensitive(
			line, "input", cJSON_CreateString(path));
		if (cJSON_HasObjectItem(line, "seen"))
			cJSON_ReplaceItemInObjectCaseSensitive(
				line, "seen", cJSON_CreateString(seen));
		struct pgr_error *err = lines_print(out, line);
		cJSON_Delete(line);
		if (err)
			return err;
		data += len + (end ? 1 : 0);
	}
	return NULL;
}

struct job_state {
	const struct job_options *opts;
	const char *path;
	char seen[SEEN_SIZE];
	char key[CACHE_KEY_SIZE];
	bool use_cache;
	bool out_of_memory;
};

/* A cache hit is replayed; any cache trouble just means analysing. */
static bool try_cache(struct job_state *st, FILE *out)
{
	uint64_t hash, size;
	struct pgr_error *err = cache_hash_file(st->path, &hash, &size);
	if (err) {
		pgr_error_destroy(err);
		return false;
	}
	cache_key(hash, size, st->opts->rules_hash, st->opts->vmlinux,
		  st->key);
	st->use_cache = true;
	_cleanup_free_ char *data = NULL, *lines = NULL;
	size_t len, lines_len = 0;
	err = cache_lookup(st->opts->cache_dir, st->key, &data, &len);
	if (err || !data) {
		pgr_error_destroy(err);
		return false;
	}
	FILE *mem = open_memstream(&lines, &lines_len);
	if (!mem)
		return false;
	err = replay(data, st->path, st->seen, mem);
	if (fclose(mem) != 0 || err) {
		pgr_error_destroy(err);
		return false;
	}
	return fwrite(lines, 1, lines_len, out) == lines_len;
}

static struct pgr_error *failed_line(const struct job_options *opts,
				     const char *path,
				     const struct pgr_error *err, FILE *out)
{
	_cleanup_free_ char *reason = NULL;
	if (err->code == PGR_ERROR_NO_MEMORY && opts->memory_limit &&
	    asprintf(&reason, "%s (memory limit %llu MiB)", err->message,
		     (unsigned long long)(opts->memory_limit >> 20)) < 0)
		return &pgr_enomem;
	cJSON *line = lines_status(path, "failed", lines_error_class(err),
				  reason ? reason : err->message);
	struct pgr_error *lerr = lines_print(out, line);
	cJSON_Delete(line);
	return lerr;
}

static struct pgr_error *analyse_to(struct job_state *st, FILE *out,
				    bool *ok_ret)
{
	struct line_sink sink = { .base.emit = emit_line, .out = out,
				  .seen = st->seen };
	size_t count = 0;
	_cleanup_error_ struct pgr_error *err =
		run_test_fault(st->opts, st->path);
	if (!err)
		err = analyse(st->path, st->opts, &sink.base, &count);
	*ok_ret = !err;
	if (err && err->code == PGR_ERROR_NO_MEMORY)
		st->out_of_memory = true;
	if (err)
		return failed_line(st->opts, st->path, err, out);
	if (count)
		return NULL;
	cJSON *line = lines_status(st->path, "no-crash", NULL, NULL);
	struct pgr_error *lerr = lines_print(out, line);
	cJSON_Delete(line);
	return lerr;
}

int job_run(const struct job_options *opts, const char *path, char **ret,
	    size_t *len_ret)
{
	struct job_state st = { .opts = opts, .path = path };
	struct stat sb;
	if (stat(path, &sb) == 0)
		lines_format_time(sb.st_mtime, st.seen);
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	if (!out)
		return JOB_EXIT_NO_MEMORY;
	bool hit = opts->cache_dir && try_cache(&st, out), ok = true;
	struct pgr_error *err = hit ? NULL : analyse_to(&st, out, &ok);
	if (fclose(out) != 0 || err) {
		pgr_error_destroy(err);
		return JOB_EXIT_NO_MEMORY;
	}
	// Failures are not cached: a time limit or a full disk may not
	// strike again, and failing again is quick for the others.
	if (!hit && ok && st.use_cache)
		pgr_error_destroy(cache_store(opts->cache_dir, st.key, buf,
					      len));
	*len_ret = len;
	*ret = no_cleanup_ptr(buf);
	// After running out of memory, a fresh worker for the next input.
	return st.out_of_memory ? WORKER_RETIRE : 0;
}
