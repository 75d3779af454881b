// SPDX-License-Identifier: GPL-2.0-or-later
// Over 700 lines: triage's options, input collection and filters, the
// worker pool's callbacks, progress and the summary's outputs.
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "cmd_options.h"
#include "commands.h"
#include "input/detect.h"
#include "input/oops.h"
#include "kb/kb.h"
#include "signature/rules.h"
#include "test_fault.h"
#include "triage/cache.h"
#include "triage/job.h"
#include "triage/lines.h"
#include "render/summary.h"
#include "triage/summary.h"
#include "triage/walk.h"
#include "triage/workers.h"
#include "util.h"

static const char *const triage_synopsis[] = {
	"pagerace triage [OPTIONS] PATH...",
	NULL,
};

enum {
	OPT_SUMMARY = 256,
	OPT_SUMMARY_FORMAT,
	OPT_SHARD,
	OPT_CACHE,
	OPT_NO_CACHE,
	OPT_TIMEOUT,
	OPT_MEMORY_LIMIT,
	OPT_VMLINUX,
	OPT_MODULE_DEBUG,
	OPT_DEBUG_ROOT,
	OPT_STATS,
	OPT_INCLUDE,
	OPT_EXCLUDE,
	OPT_KB,
	OPT_NO_KB,
};

static const struct cmd_option triage_options[] = {
	{ "jobs", 'j', "N", "worker processes (default: online CPUs)" },
	{ "format", 'f', "jsonl|ureport|markdown",
	  "per-crash output (default jsonl)" },
	{ "output", 'o', "FILE",
	  "per-crash output to FILE (default stdout; on a\n"
	  "terminal none: a short summary and progress)" },
	{ "summary", OPT_SUMMARY, "FILE",
	  "summary to FILE, '-' for stdout (default stderr)" },
	{ "summary-format", OPT_SUMMARY_FORMAT, "text|json",
	  "summary format (default text)" },
	{ "quiet", 'q', NULL, "no summary on stderr, no progress" },
	{ "shard", OPT_SHARD, "K/N", "triage only shard K of N of the inputs" },
	{ "include", OPT_INCLUDE, "GLOB",
	  "in directories, only files matching GLOB" },
	{ "exclude", OPT_EXCLUDE, "GLOB",
	  "in directories, not files or directories matching GLOB" },
	{ "cache", OPT_CACHE, "DIR",
	  "cache directory (default $XDG_CACHE_HOME/pagerace)" },
	{ "no-cache", OPT_NO_CACHE, NULL, "neither read nor write the cache" },
	{ "timeout", OPT_TIMEOUT, "SECONDS",
	  "time limit per input (default 600, 0: none)" },
	{ "memory-limit", OPT_MEMORY_LIMIT, "MIB",
	  "address space limit per input (default 4096, 0: none)" },
	{ "vmlinux", OPT_VMLINUX, "FILE", "kernel image for vmcore inputs" },
	{ "module-debug", OPT_MODULE_DEBUG, "DIR",
	  "modules' .ko files with debug info" },
	{ "debug-root", OPT_DEBUG_ROOT, "DIR",
	  "look for vmlinux under DIR instead of /" },
	{ "stats", OPT_STATS, NULL, "print a statistics line on stderr" },
	{ "signatures", 's', "PATH",
	  "rule file or directory (default: installed rules)" },
	{ "keep-going", 'k', NULL, "load the good rules when some are broken" },
	{ "kb", OPT_KB, "FILE",
	  "known-bugs file (default: the installed one)" },
	{ "no-kb", OPT_NO_KB, NULL, "do not match crashes against known bugs" },
	{ "help", 'h', NULL, "this text" },
	{ 0 },
};

static const struct cmd_spec triage_spec = {
	.synopsis = triage_synopsis,
	.about =
		"Analyse every log and vmcore under PATH (files, and directories\n"
		"recursively; .gz, .xz and .zst are read directly), each input in its\n"
		"own worker process with a time and memory limit, and summarise.\n",
	.options = triage_options,
};

struct triage_args {
	unsigned jobs, shard_k, shard_n;
	enum lines_format format;
	const char *output, *summary, *cache, *vmlinux, *module_debug,
		*debug_root, *rules, *kb;
	bool summary_json, quiet, no_cache, stats, keep_going, no_kb;
	/** --format given: records go out even to a terminal. */
	bool format_given;
	unsigned timeout;
	uint64_t memory_mib;
	struct walk_filter filter;
};

struct triage {
	/** First: the pool calls back with a pointer to it. */
	struct worker_client client;
	const struct triage_args *args;
	struct job_options job;
	struct worker_limits limits;
	struct triage_input_vector inputs;
	/** Indexes into inputs of the files to analyse, in job order. */
	size_t *jobs;
	size_t njobs, done, cached;
	struct summary *summary;
	FILE *out;
	/**
	 * stdout is a terminal and no -o or --format was given: no records,
	 * a short summary (a person is reading, not a program).
	 */
	bool for_terminal;
	dev_t out_dev;
	ino_t out_ino;
	bool progress;
	double start;
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct pgr_error *output_error(struct triage *t)
{
	return pgr_error_os(errno ? errno : EIO,
			    t->args->output ? t->args->output : "standard output",
			    "cannot write the output");
}

/* Count one line in the summary and write its text to the output. */
static struct pgr_error *take_line(struct triage *t, const struct job_line *l)
{
	struct pgr_error *err = summary_add_line(t->summary, &l->line);
	if (err)
		return err;
	if (!t->for_terminal && l->len &&
	    fwrite(l->text, 1, l->len, t->out) != l->len)
		return output_error(t);
	return NULL;
}

/*
 * A line of our own: an input that is none ("failed"), a worker that
 * died ("failed"), a file that is no log or dump ("skipped").
 */
static struct pgr_error *take_status(struct triage *t, const char *input,
				     const char *status, const char *error,
				     const char *reason)
{
	cJSON *line = lines_status(input, status, error, reason);
	if (!line)
		return &pgr_enomem;
	struct summary_line l;
	struct pgr_error *err = summary_status_from_json(line, &l);
	if (!err)
		err = summary_add_line(t->summary, &l);
	if (!err && !t->for_terminal)
		err = lines_render(t->out, line, t->args->format);
	cJSON_Delete(line);
	if (!err && ferror(t->out))
		err = output_error(t);
	return err;
}

static struct pgr_error *take_output(struct triage *t, const char *p,
				     size_t len)
{
	const char *end = p + len;
	if (len >= sizeof(JOB_CACHED_LINE) &&
	    memcmp(p, JOB_CACHED_LINE "\n", sizeof(JOB_CACHED_LINE)) == 0) {
		t->cached++;
		p += sizeof(JOB_CACHED_LINE);
	}
	for (;;) {
		struct job_line line;
		bool found;
		struct pgr_error *err = job_output_next(&p, end, &line, &found);
		if (!err && found)
			err = take_line(t, &line);
		if (err || !found)
			return err;
	}
}

static struct pgr_error *on_done(struct worker_client *client,
				 const struct worker_result *r)
{
	struct triage *t = (struct triage *)client;
	const char *path = t->inputs.data[t->jobs[r->job]].path;
	const char *kind;
	_cleanup_free_ char *reason = NULL;
	struct pgr_error *err =
		worker_failure_reason(r, &t->limits, &kind, &reason);
	t->done++;
	if (err)
		return err;
	// A worker that died leaves no half output: only the failure.
	if (reason)
		return take_status(t, path, "failed", kind, reason);
	return take_output(t, r->output, r->len);
}

static int run_job(struct worker_client *client, size_t job, char **ret,
		   size_t *len_ret)
{
	struct triage *t = (struct triage *)client;
	return job_run(&t->job, t->inputs.data[t->jobs[job]].path, ret,
		       len_ret);
}

/*
 * A vmcore gets a worker of its own: its reader is the riskiest code.
 * Its magic is all it takes to know one, so the parent reads no more.
 */
static bool isolate_job(struct worker_client *client, size_t job)
{
	struct triage *t = (struct triage *)client;
	_cleanup_close_ int fd =
		open(t->inputs.data[t->jobs[job]].path, O_RDONLY | O_CLOEXEC);
	unsigned char magic[64];
	size_t len;
	if (fd < 0)
		return false;
	_cleanup_error_ struct pgr_error *err =
		read_full(fd, "input", magic, sizeof(magic), &len);
	return !err && input_type_is_vmcore(input_classify(magic, len));
}

static void show_progress(struct worker_client *client)
{
	struct triage *t = (struct triage *)client;
	if (!t->progress)
		return;
	struct summary_counts c;
	summary_counts(t->summary, &c);
	double secs = now_seconds() - t->start;
	double rate = secs > 0 ? t->done / secs : 0;
	double eta = rate > 0 ? (t->njobs - t->done) / rate : 0;
	fprintf(stderr, "\r\033[Ktriage: %zu/%zu inputs, %.1f/s, %zu failed, ETA %d:%02d",
		t->done, t->njobs, rate, c.failed, (int)eta / 60,
		(int)eta % 60);
	fflush(stderr);
}

/* The output file inside an input directory is not an input. */
static bool is_own_output(const struct triage *t, const char *path)
{
	struct stat st;
	return t->out_ino && stat(path, &st) == 0 &&
	       st.st_dev == t->out_dev && st.st_ino == t->out_ino;
}

/* Walk the inputs, keep this shard's, report the paths that are none. */
static struct pgr_error *collect_inputs(struct triage *t, int n,
					char **paths)
{
	struct pgr_error *err = walk_inputs(paths, n, &t->args->filter,
					    &t->inputs);
	if (err)
		return err;
	const struct triage_args *a = t->args;
	t->jobs = malloc((t->inputs.size + 1) * sizeof(*t->jobs));
	if (!t->jobs)
		return &pgr_enomem;
	for (size_t i = 0; !err && i < t->inputs.size; i++) {
		const struct triage_input *in = &t->inputs.data[i];
		if (a->shard_n && !shard_contains(in->path, a->shard_k,
						  a->shard_n))
			continue;
		if (in->skipped)
			err = take_status(t, in->path, "skipped", NULL,
					  in->reason);
		else if (in->reason)
			err = take_status(t, in->path, "failed", in->error,
					  in->reason);
		else if (is_own_output(t, in->path))
			continue;
		else
			t->jobs[t->njobs++] = i;
	}
	return err;
}

/* The cache is an optimisation: trouble with it is a warning. */
static char *setup_cache(const struct triage_args *a)
{
	if (a->no_cache)
		return NULL;
	char *dir = NULL;
	struct pgr_error *err = a->cache ? NULL : cache_default_dir(&dir);
	if (!err && a->cache && !(dir = strdup(a->cache)))
		err = &pgr_enomem;
	if (!err)
		err = cache_prepare(dir);
	if (err) {
		fprintf(stderr, "pagerace triage: warning: %s; running without a cache\n",
			err->message);
		pgr_error_destroy(err);
		free(dir);
		return NULL;
	}
	return dir;
}

static double cpu_seconds(int who)
{
	struct rusage ru;
	if (getrusage(who, &ru) < 0)
		return 0;
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void print_stats(const struct triage *t)
{
	struct summary_counts c;
	summary_counts(t->summary, &c);
	double secs = now_seconds() - t->start;
	// Workers are all reaped by now: their time is the children's.
	fprintf(stderr, "pagerace triage: %zu inputs: %zu analysed, %zu from the cache, %zu failed; %zu crash reports; %.2f s, %.1f inputs/s; CPU %.2f s in the parent, %.2f s in workers\n",
		c.inputs, t->njobs - t->cached, t->cached, c.failed, c.reports,
		secs, secs > 0 ? t->njobs / secs : 0.0,
		cpu_seconds(RUSAGE_SELF), cpu_seconds(RUSAGE_CHILDREN));
}

static struct pgr_error *write_summary(struct triage *t)
{
	const struct triage_args *a = t->args;
	if (!a->summary && a->quiet)
		return NULL;
	FILE *f = stderr;
	_cleanup_fclose_ FILE *file = NULL;
	if (a->summary && strcmp(a->summary, "-") == 0) {
		f = stdout;
	} else if (a->summary) {
		if (!(file = fopen(a->summary, "w")))
			return pgr_error_os(errno, a->summary, "cannot write");
		f = file;
	}
	struct pgr_error *err = NULL;
	if (a->summary_json)
		err = summary_print_json(t->summary, f);
	else if (t->for_terminal && !a->summary)
		summary_print_brief(t->summary, f);
	else
		summary_print_text(t->summary, f);
	if (!err && t->for_terminal && !a->summary)
		fputs("\nOne JSON Lines record per crash: -o FILE (or a pipe); "
		      "the whole summary: --summary=FILE\n", f);
	if (!err && (fflush(f) != 0 || ferror(f)))
		err = pgr_error_os(errno ? errno : EIO,
				   a->summary ? a->summary : "standard error",
				   "cannot write the summary");
	return err;
}

static bool parse_format(const char *s, struct triage_args *a)
{
	// In enum lines_format's order.
	static const char *const names[] = { "jsonl", "ureport", "markdown",
					     NULL };
	int format = parse_choice("triage", "format", s, names);
	if (format < 0)
		return false;
	a->format = format;
	return true;
}

static bool parse_summary_format(const char *s, struct triage_args *a)
{
	static const char *const names[] = { "text", "json", NULL };
	int format = parse_choice("triage", "summary format", s, names);
	if (format < 0)
		return false;
	a->summary_json = format == 1;
	return true;
}

static bool parse_shard(const char *s, struct triage_args *a)
{
	struct pgr_error *err = shard_parse(s, &a->shard_k, &a->shard_n);
	if (err) {
		fprintf(stderr, "pagerace triage: %s\n", err->message);
		pgr_error_destroy(err);
	}
	return !err;
}

/* The globs point into argv: only the array is allocated. */
static bool add_glob(char ***globs, size_t *n, char *glob)
{
	char **more = realloc(*globs, (*n + 1) * sizeof(**globs));
	if (!more) {
		fputs("pagerace triage: cannot allocate memory\n", stderr);
		return false;
	}
	more[(*n)++] = glob;
	*globs = more;
	return true;
}

static bool parse_option(int c, struct triage_args *a)
{
	uint64_t v;
	switch (c) {
	case 'j':
		if (!parse_number("triage", optarg, "job count", 4096, &v))
			return false;
		if (!v) {
			fputs("pagerace triage: -j needs at least 1\n", stderr);
			return false;
		}
		a->jobs = v;
		return true;
	case 'f':
		a->format_given = true;
		return parse_format(optarg, a);
	case 'o': a->output = optarg; return true;
	case OPT_SUMMARY: a->summary = optarg; return true;
	case OPT_SUMMARY_FORMAT: return parse_summary_format(optarg, a);
	case 'q': a->quiet = true; return true;
	case OPT_SHARD: return parse_shard(optarg, a);
	case OPT_CACHE: a->cache = optarg; return true;
	case OPT_NO_CACHE: a->no_cache = true; return true;
	case OPT_TIMEOUT:
		if (!parse_number("triage", optarg, "timeout", 86400 * 7, &v))
			return false;
		a->timeout = v;
		return true;
	case OPT_MEMORY_LIMIT:
		return parse_number("triage", optarg, "memory limit",
				    UINT64_C(1) << 40, &a->memory_mib);
	case OPT_VMLINUX: a->vmlinux = optarg; return true;
	case OPT_MODULE_DEBUG: a->module_debug = optarg; return true;
	case OPT_DEBUG_ROOT: a->debug_root = optarg; return true;
	case OPT_STATS: a->stats = true; return true;
	case OPT_INCLUDE:
		return add_glob(&a->filter.include, &a->filter.ninclude,
				optarg);
	case OPT_EXCLUDE:
		return add_glob(&a->filter.exclude, &a->filter.nexclude,
				optarg);
	case 's': a->rules = optarg; return true;
	case 'k': a->keep_going = true; return true;
	case OPT_KB: a->kb = optarg; return true;
	case OPT_NO_KB: a->no_kb = true; return true;
	default: return false;
	}
}

/* 0 to go on, else 1 + the exit code (-h gives 1: exit 0). */
static int parse_args(int argc, char **argv, struct triage_args *a)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	*a = (struct triage_args){ .jobs = cpus > 0 ? cpus : 1,
				   .timeout = 600, .memory_mib = 4096 };
	struct cmd_getopt g;
	cmd_getopt_init(&g, &triage_spec, false);
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, g.optstring, g.longopts, NULL)) !=
	       -1) {
		if (c == 'h') {
			cmd_usage(&triage_spec, stdout);
			return 1 + 0;
		}
		if (!parse_option(c, a)) {
			cmd_usage(&triage_spec, stderr);
			return 1 + EXIT_USAGE_OR_INPUT;
		}
	}
	if (optind >= argc) {
		fputs("pagerace triage: no inputs\n", stderr);
		cmd_usage(&triage_spec, stderr);
		return 1 + EXIT_USAGE_OR_INPUT;
	}
	struct stat st;
	if (a->vmlinux && (stat(a->vmlinux, &st) < 0 || !S_ISREG(st.st_mode))) {
		fprintf(stderr, "pagerace triage: --vmlinux %s: not a readable file\n", a->vmlinux);
		return 1 + EXIT_USAGE_OR_INPUT;
	}
	const char *dirs[][2] = { { "--module-debug", a->module_debug },
				  { "--debug-root", a->debug_root } };
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (dirs[i][1] &&
		    (stat(dirs[i][1], &st) < 0 || !S_ISDIR(st.st_mode))) {
			fprintf(stderr, "pagerace triage: %s %s: not a directory\n",
				dirs[i][0], dirs[i][1]);
			return 1 + EXIT_USAGE_OR_INPUT;
		}
	}
	return 0;
}

/*
 * What the cache key covers of the debug info: a record made with one
 * vmlinux is not the record of another, so its content (not its path,
 * which a rebuilt kernel keeps) goes in; of the directories, their paths.
 */
static struct pgr_error *debug_info_key(const struct triage_args *a,
					char **ret)
{
	uint64_t hash = 0, size = 0;
	if (a->vmlinux) {
		struct pgr_error *err = cache_hash_file(a->vmlinux, &hash, &size);
		if (err)
			return err;
	}
	if (asprintf(ret, "vmlinux=%s:%016" PRIx64 "-%" PRIu64
		     "\nmodule-debug=%s\ndebug-root=%s",
		     a->vmlinux ? a->vmlinux : "", hash, size,
		     a->module_debug ? a->module_debug : "",
		     a->debug_root ? a->debug_root : "") < 0) {
		*ret = NULL;
		return &pgr_enomem;
	}
	return NULL;
}

/* Like analyze: an output named as an input would destroy it. */
static bool output_is_named_input(const char *output, int n, char **paths)
{
	struct stat out_st, in_st;
	if (!output || stat(output, &out_st) < 0 || !S_ISREG(out_st.st_mode))
		return false;
	for (int i = 0; i < n; i++) {
		if (stat(paths[i], &in_st) == 0 &&
		    in_st.st_dev == out_st.st_dev &&
		    in_st.st_ino == out_st.st_ino)
			return true;
	}
	return false;
}

/*
 * Lines are about 10 KB, more than stdio's buffer: without a larger one
 * every line would be a write of its own.  Static: stdout may use it
 * until exit.
 */
static char out_buffer[256 * 1024];

static struct pgr_error *open_output(struct triage *t)
{
	const char *path = t->args->output;
	t->out = stdout;
	if (path && !(t->out = fopen(path, "w")))
		return pgr_error_os(errno, path, "cannot write");
	// A terminal keeps its lines as they come.
	if (!isatty(fileno(t->out)))
		setvbuf(t->out, out_buffer, _IOFBF, sizeof(out_buffer));
	t->for_terminal = !path && !t->args->format_given &&
			  isatty(STDOUT_FILENO);
	struct stat st;
	if (path && fstat(fileno(t->out), &st) == 0 && S_ISREG(st.st_mode)) {
		t->out_dev = st.st_dev;
		t->out_ino = st.st_ino;
	}
	return NULL;
}

static int exit_code(const struct triage *t)
{
	struct summary_counts c;
	summary_counts(t->summary, &c);
	if (c.failed)
		return EXIT_USAGE_OR_INPUT;
	return c.reports ? EXIT_ANALYSED : EXIT_NOTHING_FOUND;
}

static struct pgr_error *flush_output(struct triage *t)
{
	if (fflush(t->out) == 0 && !ferror(t->out))
		return NULL;
	return output_error(t);
}

static int run(struct triage *t, int n, char **paths)
{
	struct pgr_error *err = open_output(t);
	if (err) {
		report_error(err);
		return EXIT_INTERNAL;
	}
	err = collect_inputs(t, n, paths);
	if (!err)
		err = workers_run(t->args->jobs, &t->limits, t->njobs,
				  &t->client);
	if (t->progress)
		fputs("\r\033[K", stderr);
	if (!err)
		err = flush_output(t);
	if (!err)
		err = write_summary(t);
	if (err) {
		// The batch could not go on (output, fork, memory): no
		// summary would be true, so none is printed.
		report_error(err);
		return EXIT_INTERNAL;
	}
	if (t->args->stats)
		print_stats(t);
	return exit_code(t);
}

static void triage_init(struct triage *t, const struct triage_args *a,
			const struct analysis_options *analysis,
			const struct rule_set *rules)
{
	*t = (struct triage){
		.client = { .run = run_job, .isolate = isolate_job,
			    .done = on_done, .idle = show_progress },
		.args = a,
		.limits = { .timeout = a->timeout,
			    .memory = a->memory_mib << 20 },
		.job = { .analysis = analysis, .rules_hash = rules->hash,
			 .memory_limit = a->memory_mib << 20,
			 .test_fault = test_fault_spec(),
			 .format = a->format },
		.progress = !a->quiet && isatty(STDERR_FILENO),
		.start = now_seconds(),
	};
	triage_input_vector_init(&t->inputs);
	// Said to a person (standard error a terminal, no -q); scripts and
	// logs get the same limits without the note.
	if (a->memory_mib && !workers_memory_limit_supported() && !a->quiet &&
	    isatty(STDERR_FILENO))
		fputs("pagerace triage: note: an AddressSanitizer build: the memory limit applies to each input's resident memory, checked every 250 ms\n",
		      stderr);
}

static void triage_deinit(struct triage *t)
{
	if (t->out && t->out != stdout)
		fclose(t->out);
	triage_inputs_deinit(&t->inputs);
	free(t->jobs);
	free((char *)t->job.cache_dir);
	summary_destroy(t->summary);
}

static void triage_args_deinit(struct triage_args *a)
{
	free(a->filter.include);
	free(a->filter.exclude);
}

int cmd_triage(int argc, char **argv)
{
	_cleanup_(triage_args_deinit) struct triage_args a;
	int code = parse_args(argc, argv, &a);
	if (code)
		return code - 1;
	int n = argc - optind;
	char **paths = argv + optind;
	if (output_is_named_input(a.output, n, paths)) {
		fprintf(stderr, "pagerace triage: %s: output would overwrite an input\n", a.output);
		return EXIT_USAGE_OR_INPUT;
	}
	struct rule_set rules;
	rule_set_init(&rules);
	code = load_rules_for_command(a.rules, a.keep_going, &rules);
	if (code) {
		rule_set_deinit(&rules);
		return code;
	}
	// Compiled once, before the workers fork: each worker inherits
	// them instead of compiling them again for every input.
	_cleanup_(oops_patterns_destroyp) struct oops_patterns *patterns =
		NULL;
	struct pgr_error *err = oops_patterns_create(&patterns);
	if (err) {
		report_error(err);
		rule_set_deinit(&rules);
		return EXIT_INTERNAL;
	}
	// A vmcore is analysed in its worker like any input, so its time
	// and memory limits hold for the vmcore reader too.
	// Read once before the workers fork, like the rules.
	struct kb kb;
	kb_init(&kb);
	bool have_kb = false;
	if (!a.no_kb && (code = load_kb_for_command(a.kb, &kb, &have_kb))) {
		kb_deinit(&kb);
		rule_set_deinit(&rules);
		return code;
	}
	struct analysis_options analysis = { .rules = &rules,
					     .vmlinux = a.vmlinux,
					     .module_debug = a.module_debug,
					     .debug_root = a.debug_root,
					     .oops_patterns = patterns,
					     .known_bugs = have_kb ? &kb : NULL };
	struct triage t;
	triage_init(&t, &a, &analysis, &rules);
	// A cached record holds the known bugs it was matched with.
	if (have_kb)
		t.job.rules_hash = fnv1a64(t.job.rules_hash, &kb.hash,
					   sizeof(kb.hash));
	t.job.cache_dir = setup_cache(&a);
	_cleanup_free_ char *debug_key = NULL;
	err = t.job.cache_dir ? debug_info_key(&a, &debug_key) : NULL;
	t.job.cache_extra = debug_key;
	if (!err)
		err = summary_create(&t.summary);
	if (err) {
		// An unreadable vmlinux is the user's input; else out of memory.
		code = err->code == PGR_ERROR_NO_MEMORY ? EXIT_INTERNAL :
							  EXIT_USAGE_OR_INPUT;
		report_error(err);
	} else {
		code = run(&t, n, paths);
	}
	triage_deinit(&t);
	kb_deinit(&kb);
	rule_set_deinit(&rules);
	return code;
}
