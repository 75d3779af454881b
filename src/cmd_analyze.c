// SPDX-License-Identifier: GPL-2.0-or-later
// Over 700 lines: analyze's options, its sinks (text with the overview,
// JSON document, -q) and the child process a vmcore is read in.
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "cleanup.h"
#include "cmd_options.h"
#include "commands.h"
#include "enrich/dump.h"
#include "enrich/log_debug.h"
#include "input/oops.h"
#include "pipeline.h"
#include "render/json.h"
#include "render/json_writer.h"
#include "render/overview.h"
#include "render/quiet.h"
#include "render/text.h"
#include "test_fault.h"
#include "triage/job.h"
#include "triage/workers.h"
#include "util.h"

static const char *const analyze_synopsis[] = {
	"pagerace analyze [OPTIONS] FILE...",
	NULL,
};

/* Long-only options (most of them for vmcores). */
enum {
	OPT_VMLINUX = 256,
	OPT_MODULE_DEBUG,
	OPT_DEBUG_ROOT,
	OPT_KERNEL_LOG,
	OPT_DUMP_INFO,
	OPT_KB,
	OPT_NO_KB,
	OPT_TIMEOUT,
	OPT_MEMORY_LIMIT,
	OPT_FORCE_VMLINUX,
	OPT_PRINTED_ADDRESSES,
	OPT_NO_VMLINUX,
};

static const struct cmd_option analyze_options[] = {
	{ "format", 'f', "text|json", "output format (default text)" },
	{ "output", 'o', "FILE", "write the output to FILE" },
	{ "quiet", 'q', NULL, "one line per report: bucket, verdict, title" },
	{ "verbose", 'v', NULL, "every verdict and every frame" },
	{ "all", 'a', NULL, "also list the rules that did not apply" },
	{ "signatures", 's', "PATH",
	  "rule file or directory (default: installed rules)" },
	{ "keep-going", 'k', NULL, "load the good rules when some are broken" },
	{ "vmlinux", OPT_VMLINUX, "FILE",
	  "the vmcores' vmlinux (default: found from the\n"
	  "dump's release under /usr/lib/debug and /boot);\n"
	  "for logs: give frames their file:line" },
	{ "module-debug", OPT_MODULE_DEBUG, "DIR",
	  "modules' .ko files with debug info" },
	{ "force-vmlinux", OPT_FORCE_VMLINUX, NULL,
	  "use --vmlinux for a log whose kernel it is not" },
	{ "printed-addresses", OPT_PRINTED_ADDRESSES, NULL,
	  "look up log frames at func+offset as printed\n"
	  "(decode_stacktrace.sh), not at the call" },
	{ "debug-root", OPT_DEBUG_ROOT, "DIR",
	  "look for vmlinux under DIR instead of /" },
	{ "no-vmlinux", OPT_NO_VMLINUX, NULL,
	  "use no vmlinux: symbols, types and stacks from\n"
	  "the dump alone (no file:line)" },
	{ "kb", OPT_KB, "FILE",
	  "known-bugs file (default: the installed one)" },
	{ "no-kb", OPT_NO_KB, NULL, "do not match reports against known bugs" },
	{ "kernel-log", OPT_KERNEL_LOG, NULL,
	  "print each vmcore's kernel log, do not analyse" },
	{ "dump-info", OPT_DUMP_INFO, NULL,
	  "print what each vmcore says about itself" },
	{ "timeout", OPT_TIMEOUT, "SECONDS",
	  "time limit for reading each vmcore (default\n"
	  "600, 0: none)" },
	{ "memory-limit", OPT_MEMORY_LIMIT, "MIB",
	  "address space limit for reading each vmcore\n"
	  "(default 4096, 0: none)" },
	{ "help", 'h', NULL, "this text" },
	{ 0 },
};

static const struct cmd_spec analyze_spec = {
	.synopsis = analyze_synopsis,
	.about =
		"Analyse oops/console logs and kernel crash dumps (vmcores); '-' reads\n"
		"standard input.\n",
	.options = analyze_options,
};

enum output_format { FORMAT_TEXT, FORMAT_JSON };
static const char *const format_names[] = { "text", "json", NULL };

struct analyze_sink {
	struct report_sink base;
	FILE *out;
	enum output_format format;
	bool quiet;
	struct text_options text;
	size_t json_count;
	/** JSON: what the reports refer to, written once in the document. */
	struct json_document *doc;
	/**
	 * Text: the reports in full wait in @p details while @p overview
	 * collects one line each, so that several reports open with a
	 * screenful that says what they are.
	 */
	FILE *details;
	struct overview *overview;
};

static struct pgr_error *emit(struct report_sink *base,
			      const struct report *report)
{
	struct analyze_sink *sink = (struct analyze_sink *)base;
	if (sink->format == FORMAT_JSON) {
		json_write_document_report(sink->out, sink->doc, report,
					   sink->json_count++);
	} else if (sink->quiet) {
		quiet_report(sink->out, report);
	} else {
		if (sink->overview) {
			struct pgr_error *err =
				overview_add(sink->overview, report);
			if (err)
				return err;
		}
		text_report(sink->details ? sink->details : sink->out, report,
			    &sink->text);
	}
	return NULL;
}

/* Without a temporary file the reports stream out as they come. */
static struct pgr_error *overview_begin(struct analyze_sink *sink)
{
	if (!(sink->details = tmpfile()))
		return NULL;
	return overview_create(&sink->overview);
}

/* The overview when there are several reports, then the reports. */
static struct pgr_error *overview_end(struct analyze_sink *sink)
{
	if (!sink->details)
		return NULL;
	if (overview_count(sink->overview) > 1)
		overview_print(sink->overview, sink->out,
			       terminal_width(sink->out));
	rewind(sink->details);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), sink->details)) > 0) {
		if (fwrite(buf, 1, n, sink->out) != n)
			break;
	}
	if (ferror(sink->details))
		return pgr_error_os(errno ? errno : EIO, "a temporary file",
				    "cannot read the reports back");
	return NULL;
}

/* Refuse "-o" onto one of the inputs: nothing the user gave is modified. */
static bool output_is_an_input(const char *output, int n, char **inputs)
{
	struct stat out_st, in_st;
	if (stat(output, &out_st) < 0)
		return false;
	for (int i = 0; i < n; i++) {
		if (stat(inputs[i], &in_st) == 0 &&
		    in_st.st_dev == out_st.st_dev &&
		    in_st.st_ino == out_st.st_ino)
			return true;
	}
	return false;
}

DEFINE_VECTOR(input_error_vector, struct json_input_error)

static void input_errors_deinit(struct input_error_vector *errors)
{
	vector_for_each(struct json_input_error, e, errors)
		free(e->message);
	input_error_vector_deinit(errors);
}

/* False when out of memory. */
static bool input_error_add(struct input_error_vector *errors,
			    const char *input, const struct pgr_error *err)
{
	char *message = strdup(err->message);
	struct json_input_error *e =
		message ? input_error_vector_append_entry(errors) : NULL;
	if (!e) {
		free(message);
		return false;
	}
	*e = (struct json_input_error){ input, message };
	return true;
}

/*
 * A vmcore is read in a child process with a time and an address-space
 * limit, on triage's worker pool (one job): a dump damaged in a way the
 * pre-checks (vmcore/dump_check.c) miss can crash or stall a library that
 * reads it, and that must cost one failed input, never the session.  The
 * child's output comes back rendered, with its report count and error.
 */
typedef struct pgr_error *isolated_fn(void *arg, const char *path, FILE *out,
				      size_t *count_ret);

struct isolated {
	struct worker_client client;
	const struct worker_limits *limits;
	isolated_fn *fn;
	void *arg;
	const char *path;
	/** Parent: where the child's output goes, and what it said. */
	FILE *out;
	size_t count;
	struct pgr_error *err;
};

/* In the child: the frame "COUNT CODE LEN\n", LEN bytes of error message
 * (CODE -1: none), then the output. */
static int isolated_run(struct worker_client *client, size_t job, char **ret,
			size_t *len_ret)
{
	struct isolated *iso = (struct isolated *)client;
	_cleanup_free_ char *text = NULL;
	size_t text_len = 0, count = 0;
	FILE *mem = open_memstream(&text, &text_len);
	if (!mem)
		return EXIT_INTERNAL;
	_cleanup_error_ struct pgr_error *err =
		iso->fn(iso->arg, iso->path, mem, &count);
	if (memstream_close(mem, &text))
		return EXIT_INTERNAL;
	// Out of memory may have cut a report in the middle: none goes out.
	if (err && err->code == PGR_ERROR_NO_MEMORY)
		text_len = count = 0;
	FILE *frame = open_memstream(ret, len_ret);
	if (!frame)
		return EXIT_INTERNAL;
	// A memory stream that cannot grow fails a write without marking
	// the stream (glibc): every write is checked.
	bool ok = fprintf(frame, "%zu %d %zu\n", count,
			  err ? (int)err->code : -1,
			  err ? strlen(err->message) : 0) >= 0 &&
		  (!err || fputs(err->message, frame) >= 0) &&
		  fwrite(text, 1, text_len, frame) == text_len;
	if (memstream_close(frame, ret) || !ok) {
		free(*ret);
		*ret = NULL;
		return EXIT_INTERNAL;
	}
	return 0;
}

static struct pgr_error *child_failure(const struct isolated *iso,
				       const struct worker_result *r)
{
	int sig = WIFSIGNALED(r->status) ? WTERMSIG(r->status) : 0;
	if (r->over_memory)
		return pgr_error_format(
			PGR_ERROR_LIMIT,
			"%s: reading the dump needs more than the memory limit of %" PRIu64
			" MiB (--memory-limit)",
			iso->path, iso->limits->memory >> 20);
	if (r->killed || sig == SIGALRM)
		return pgr_error_format(PGR_ERROR_LIMIT,
					"%s: reading the dump took longer than the time limit of %u s (--timeout)",
					iso->path, iso->limits->timeout);
	if (sig == SIGKILL)
		return pgr_error_format(PGR_ERROR_LIMIT,
					"%s: the dump reader was killed (SIGKILL: out of memory?)",
					iso->path);
	if (sig) {
		const char *abbrev = sigabbrev_np(sig);
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s: the dump's headers are corrupt (the dump reader died with SIG%s)",
					iso->path, abbrev ? abbrev : "?");
	}
	// The child's own out of memory (isolated_run).
	if (WIFEXITED(r->status) && WEXITSTATUS(r->status) == EXIT_INTERNAL)
		return &pgr_enomem;
	// A sanitizer that caught a fault exits with a status instead.
	return pgr_error_format(PGR_ERROR_BAD_DATA,
				"%s: the dump's headers are corrupt (the dump reader exited with status %d)",
				iso->path, WEXITSTATUS(r->status));
}

static struct pgr_error *isolated_done(struct worker_client *client,
				       const struct worker_result *r)
{
	struct isolated *iso = (struct isolated *)client;
	if (r->killed || r->over_memory || !WIFEXITED(r->status) ||
	    WEXITSTATUS(r->status)) {
		iso->err = child_failure(iso, r);
		return NULL;
	}
	size_t count, len;
	int code, n = 0;
	if (sscanf(r->output, "%zu %d %zu\n%n", &count, &code, &len, &n) != 3 ||
	    !n || len > r->len - n)
		return pgr_error_format(PGR_ERROR_OTHER,
					"%s: the dump reader's output is garbled",
					iso->path);
	const char *msg = r->output + n, *text = msg + len;
	iso->count = count;
	if (code == PGR_ERROR_NO_MEMORY && iso->limits->memory)
		iso->err = pgr_error_format(PGR_ERROR_LIMIT,
					    "%s: reading the dump needs more than the memory limit of %" PRIu64
					    " MiB (--memory-limit)",
					    iso->path, iso->limits->memory >> 20);
	else if (code >= 0)
		iso->err = pgr_error_format(code, "%.*s", (int)len, msg);
	if (fwrite(text, 1, r->output + r->len - text, iso->out) !=
	    (size_t)(r->output + r->len - text))
		return pgr_error_os(errno, "output", "cannot write");
	return NULL;
}

static bool always_isolated(struct worker_client *client, size_t job)
{
	return true;
}

/* fn(arg, path, out) in a child with @p limits. */
static struct pgr_error *run_isolated(const char *path,
				      const struct worker_limits *limits,
				      isolated_fn *fn, void *arg, FILE *out,
				      size_t *count_ret)
{
	struct isolated iso = {
		.client = { .run = isolated_run,
			    .isolate = always_isolated,
			    .done = isolated_done },
		.limits = limits,
		.fn = fn,
		.arg = arg,
		.path = path,
		.out = out,
	};
	// The child must not write out buffered text a second time.
	fflush(out);
	struct pgr_error *err = workers_run(1, limits, 1, &iso.client);
	*count_ret = iso.count;
	if (err) {
		pgr_error_destroy(iso.err);
		return err;
	}
	return iso.err;
}

/* Vmcores and compressed files (which may hold one) go to a child. */
static bool is_vmcore(const char *path)
{
	enum input_type type;
	_cleanup_error_ struct pgr_error *err = input_detect(path, &type);
	return !err && (input_type_is_vmcore(type) || type == INPUT_GZIP ||
			type == INPUT_XZ || type == INPUT_ZSTD);
}

struct analyze_job {
	struct analyze_sink *sink;
	const struct analysis_options *opts;
	const struct worker_limits *limits;
};

static struct pgr_error *analyze_in_child(void *arg, const char *path,
					  FILE *out, size_t *count_ret)
{
	struct analyze_job *job = arg;
	struct analyze_sink sink = *job->sink;
	sink.out = out;
	*count_ret = 0;
	struct pgr_error *err =
		test_fault_input(test_fault_spec(), job->limits->memory, path);
	if (err)
		return err;
	return analyze_path(path, job->opts, &sink.base, count_ret);
}

static struct pgr_error *analyze_one(struct analyze_sink *sink,
				     const struct analysis_options *opts,
				     const struct worker_limits *limits,
				     const char *path, size_t *count_ret)
{
	if (strcmp(path, "-") == 0 || !is_vmcore(path))
		return analyze_path(path, opts, &sink->base, count_ret);
	struct analyze_job job = { sink, opts, limits };
	struct pgr_error *err = run_isolated(path, limits, analyze_in_child,
					     &job, sink->out, count_ret);
	// Each report the child rendered counts for the JSON separators.
	sink->json_count += *count_ret;
	return err;
}

static int analyze_inputs(struct analyze_sink *sink,
			  const struct analysis_options *opts,
			  const struct worker_limits *limits, int n,
			  char **inputs)
{
	_cleanup_(input_errors_deinit) struct input_error_vector errors;
	input_error_vector_init(&errors);
	size_t total = 0;
	int code = 0;
	if (sink->format == FORMAT_JSON)
		json_write_document_begin(sink->out, sink->doc,
					  PACKAGE_VERSION);
	for (int i = 0; i < n; i++) {
		size_t count;
		struct pgr_error *err =
			analyze_one(sink, opts, limits, inputs[i], &count);
		total += count;
		if (!err)
			continue;
		int c = exit_code_for(err);
		if (sink->format == FORMAT_JSON &&
		    !input_error_add(&errors, inputs[i], err))
			c = EXIT_INTERNAL;
		if (c > code)
			code = c;
		report_error(err);
		if (c == EXIT_INTERNAL)
			break;
	}
	if (sink->format == FORMAT_JSON)
		json_write_document_end(sink->out, sink->doc, errors.data,
					errors.size);
	if (code)
		return code;
	return total ? EXIT_ANALYSED : EXIT_NOTHING_FOUND;
}

/* vmcore options: --kernel-log and --dump-info print facts of
 * each dump instead of analysing it. */
struct vmcore_cli {
	struct vmcore_options opts;
	int mode;
};

static struct pgr_error *print_in_child(void *arg, const char *path,
					FILE *out, size_t *count_ret)
{
	const struct vmcore_cli *cli = arg;
	*count_ret = 0;
	return cli->mode == OPT_KERNEL_LOG ?
		       print_kernel_log(path, out) :
		       print_dump_info(path, &cli->opts, out);
}

static int print_dumps(const struct vmcore_cli *cli,
		       const struct worker_limits *limits, FILE *out, int n,
		       char **inputs)
{
	int code = 0;
	for (int i = 0; i < n; i++) {
		size_t count;
		struct pgr_error *err = run_isolated(inputs[i], limits,
						     print_in_child,
						     (void *)cli, out, &count);
		if (!err)
			continue;
		int c = exit_code_for(err);
		if (c > code)
			code = c;
		report_error(err);
	}
	return code;
}

struct analyze_args {
	const char *output, *rules_path, *kb_path;
	bool keep_going, all, no_kb;
	struct vmcore_cli vmcore;
	/** --vmlinux for logs: --force-vmlinux, --printed-addresses. */
	struct log_debug_options log_debug;
	struct worker_limits limits;
};

/* Returns -1 to go on, else the exit code to leave with. */
static int parse_args(int argc, char **argv, struct analyze_sink *sink,
		      struct analyze_args *a)
{
	struct cmd_getopt g;
	cmd_getopt_init(&g, &analyze_spec, false);
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, g.optstring, g.longopts, NULL)) !=
	       -1) {
		int format;
		uint64_t v;
		switch (c) {
		case 'f':
			format = parse_choice("analyze", "format", optarg,
					      format_names);
			if (format < 0)
				return EXIT_USAGE_OR_INPUT;
			sink->format = format;
			break;
		case 'o': a->output = optarg; break;
		case 'q': sink->quiet = true; break;
		case 'v': sink->text.verbose = true; break;
		case 'a': a->all = true; break;
		case 's': a->rules_path = optarg; break;
		case 'k': a->keep_going = true; break;
		case 'h': cmd_usage(&analyze_spec, stdout); return 0;
		case OPT_VMLINUX: a->vmcore.opts.vmlinux = optarg; break;
		case OPT_MODULE_DEBUG:
			a->vmcore.opts.module_debug = optarg;
			break;
		case OPT_DEBUG_ROOT: a->vmcore.opts.debug_root = optarg; break;
		case OPT_NO_VMLINUX: a->vmcore.opts.no_vmlinux = true; break;
		case OPT_KERNEL_LOG: a->vmcore.mode = OPT_KERNEL_LOG; break;
		case OPT_DUMP_INFO: a->vmcore.mode = OPT_DUMP_INFO; break;
		case OPT_FORCE_VMLINUX:
			a->log_debug.force = true;
			break;
		case OPT_PRINTED_ADDRESSES:
			a->log_debug.printed_addresses = true;
			break;
		case OPT_KB: a->kb_path = optarg; break;
		case OPT_NO_KB: a->no_kb = true; break;
		case OPT_TIMEOUT:
			if (!parse_number("analyze", optarg, "timeout",
					  86400 * 7, &v))
				return EXIT_USAGE_OR_INPUT;
			a->limits.timeout = v;
			break;
		case OPT_MEMORY_LIMIT:
			if (!parse_number("analyze", optarg, "memory limit",
					  UINT64_C(1) << 40, &v))
				return EXIT_USAGE_OR_INPUT;
			a->limits.memory = v << 20;
			break;
		default:
			cmd_usage(&analyze_spec, stderr);
			return EXIT_USAGE_OR_INPUT;
		}
	}
	if (a->vmcore.opts.vmlinux && a->vmcore.opts.no_vmlinux) {
		fputs("pagerace analyze: --vmlinux and --no-vmlinux exclude each other\n", stderr);
		return EXIT_USAGE_OR_INPUT;
	}
	if (optind >= argc) {
		fputs("pagerace analyze: no input files\n", stderr);
		cmd_usage(&analyze_spec, stderr);
		return EXIT_USAGE_OR_INPUT;
	}
	if (a->output &&
	    output_is_an_input(a->output, argc - optind, argv + optind)) {
		fprintf(stderr, "pagerace analyze: %s: output would overwrite an input\n", a->output);
		return EXIT_USAGE_OR_INPUT;
	}
	return -1;
}

int cmd_analyze(int argc, char **argv)
{
	struct analyze_sink sink = { .base.emit = emit, .out = stdout };
	struct analyze_args a = {
		.limits = { .timeout = 600, .memory = UINT64_C(4096) << 20 },
	};
	int code = parse_args(argc, argv, &sink, &a);
	if (code >= 0)
		return code;
	_cleanup_(rule_set_deinit) struct rule_set rules;
	rule_set_init(&rules);
	// --kernel-log and --dump-info need no rules.
	code = a.vmcore.mode ? 0 :
			       load_rules_for_command(a.rules_path,
						      a.keep_going, &rules);
	if (code)
		return code;
	_cleanup_(kb_deinit) struct kb kb;
	kb_init(&kb);
	bool have_kb = false;
	// The -q line shows no known bugs: matching them would be wasted
	// (a file named with --kb is still read, so that a bad one is said).
	bool quiet = sink.quiet && sink.format == FORMAT_TEXT;
	if (!a.vmcore.mode && !a.no_kb && (!quiet || a.kb_path)) {
		code = load_kb_for_command(a.kb_path, &kb, &have_kb);
		if (code)
			return code;
	}
	if (quiet)
		have_kb = false;
	_cleanup_fclose_ FILE *out = NULL;
	if (a.output) {
		out = fopen(a.output, "w");
		if (!out) {
			report_error(pgr_error_os(errno, a.output,
						  "cannot write"));
			return EXIT_USAGE_OR_INPUT;
		}
		sink.out = out;
	}
	// Compiled once for all inputs rather than once per input's reader.
	_cleanup_(oops_patterns_destroyp) struct oops_patterns *patterns =
		NULL;
	if (!a.vmcore.mode) {
		struct pgr_error *err = oops_patterns_create(&patterns);
		if (err) {
			report_error(err);
			return EXIT_INTERNAL;
		}
	}
	const struct vmcore_options *v = &a.vmcore.opts;
	_cleanup_(log_debug_destroyp) struct log_debug *log_debug = NULL;
	if (!a.vmcore.mode && v->vmlinux) {
		a.log_debug.vmlinux = v->vmlinux;
		a.log_debug.module_debug = v->module_debug;
		struct pgr_error *err =
			log_debug_create(&a.log_debug, &log_debug);
		if (err) {
			report_error(err);
			return EXIT_INTERNAL;
		}
	}
	struct analysis_options opts = { .rules = &rules,
					 .include_rejected = a.all,
					 .vmlinux = v->vmlinux,
					 .module_debug = v->module_debug,
					 .debug_root = v->debug_root,
					 .no_vmlinux = v->no_vmlinux,
					 .warnings = stderr,
					 .oops_patterns = patterns,
					 .known_bugs = have_kb ? &kb : NULL,
					 .log_debug = log_debug };
	_cleanup_(json_document_deinit) struct json_document doc;
	struct pgr_error *err =
		json_document_init(&doc, &rules, have_kb ? &kb : NULL);
	if (err) {
		report_error(err);
		return EXIT_INTERNAL;
	}
	sink.doc = &doc;
	_cleanup_fclose_ FILE *details = NULL;
	_cleanup_(overview_destroyp) struct overview *overview = NULL;
	if (!a.vmcore.mode && sink.format == FORMAT_TEXT && !sink.quiet) {
		err = overview_begin(&sink);
		details = sink.details;
		overview = sink.overview;
		if (err) {
			report_error(err);
			return EXIT_INTERNAL;
		}
	}
	if (a.vmcore.mode)
		code = print_dumps(&a.vmcore, &a.limits, sink.out,
				   argc - optind, argv + optind);
	else
		code = analyze_inputs(&sink, &opts, &a.limits, argc - optind,
				      argv + optind);
	err = overview_end(&sink);
	if (err) {
		report_error(err);
		code = EXIT_INTERNAL;
	}
	if (fflush(sink.out) != 0 || ferror(sink.out)) {
		fprintf(stderr, "pagerace analyze: cannot write the output: %m\n");
		code = EXIT_INTERNAL;
	}
	return code;
}
