// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "cmd_options.h"
#include "commands.h"
// The log reader's bounded line reader (not otherwise public).
#include "input/oops_priv.h"
#include "render/summary.h"
#include "triage/summary.h"

static const char *const merge_synopsis[] = {
	"pagerace merge [OPTIONS] FILE.jsonl...",
	NULL,
};

static const struct cmd_option merge_options[] = {
	{ "format", 'f', "text|json", "summary format (default text)" },
	{ "output", 'o', "FILE", "write the summary to FILE" },
	{ "help", 'h', NULL, "this text" },
	{ 0 },
};

static const struct cmd_spec merge_spec = {
	.synopsis = merge_synopsis,
	.about = "Combine the JSON Lines of 'pagerace triage' runs (shards: --shard K/N)\n"
		 "into the summary one run over all their inputs gives; '-' reads\n"
		 "standard input.\n",
	.options = merge_options,
};

/*
 * Add every line of @p in; bad lines are reported and counted.  Lines are
 * read like a log's (input/oops_lines.c): one buffer, at most
 * OOPS_LINE_MAX bytes a line, so one huge line costs no more memory than
 * a short one.  A triage line is far shorter; a longer one is bad.
 */
static struct pgr_error *merge_stream(struct summary *s, FILE *in,
				      const char *name, size_t *bad_ret)
{
	struct line_reader lr;
	struct pgr_error *err = line_reader_init(&lr, in, name);
	if (err)
		return err;
	for (;;) {
		char *line;
		size_t len;
		if ((err = line_reader_next(&lr, name, &line, &len)) || !line)
			break;
		if (len == 0)
			continue;
		cJSON *obj = lr.skipping ? NULL :
					   cJSON_ParseWithLength(line, len);
		err = obj ? summary_add(s, obj) :
		      lr.skipping ?
			    pgr_error_format(PGR_ERROR_LIMIT,
					     "longer than %d bytes: not a triage line",
					     OOPS_LINE_MAX) :
			    pgr_error_create(PGR_ERROR_BAD_DATA, "not JSON");
		cJSON_Delete(obj);
		if (err && err->code == PGR_ERROR_NO_MEMORY)
			break;
		if (err) {
			fprintf(stderr, "pagerace merge: %s:%zu: %s\n", name,
				lr.lineno, err->message);
			pgr_error_destroy(err);
			err = NULL;
			++*bad_ret;
		}
	}
	line_reader_deinit(&lr);
	return err;
}

static struct pgr_error *merge_path(struct summary *s, const char *path,
				    size_t *bad_ret)
{
	if (strcmp(path, "-") == 0)
		return merge_stream(s, stdin, "<stdin>", bad_ret);
	_cleanup_fclose_ FILE *in = fopen(path, "r");
	if (!in)
		return pgr_error_os(errno, path, "cannot open");
	return merge_stream(s, in, path, bad_ret);
}

static int write_summary(struct summary *s, bool json, const char *output)
{
	_cleanup_fclose_ FILE *file = NULL;
	FILE *out = stdout;
	if (output && !(out = file = fopen(output, "w"))) {
		report_error(pgr_error_os(errno, output, "cannot write"));
		return EXIT_USAGE_OR_INPUT;
	}
	struct pgr_error *err = NULL;
	if (json)
		err = summary_print_json(s, out);
	else
		summary_print_text(s, out);
	if (!err && (fflush(out) != 0 || ferror(out)))
		err = pgr_error_os(errno ? errno : EIO,
				   output ? output : "standard output",
				   "cannot write the summary");
	if (err) {
		report_error(err);
		return EXIT_INTERNAL;
	}
	return 0;
}

static int merge_all(struct summary *s, int n, char **paths)
{
	size_t bad = 0;
	int code = 0;
	for (int i = 0; i < n; i++) {
		struct pgr_error *err = merge_path(s, paths[i], &bad);
		if (!err)
			continue;
		bool fatal = err->code == PGR_ERROR_NO_MEMORY;
		report_error(err);
		if (fatal)
			return EXIT_INTERNAL;
		code = EXIT_USAGE_OR_INPUT;
	}
	return bad ? EXIT_USAGE_OR_INPUT : code;
}

int cmd_merge(int argc, char **argv)
{
	static const char *const formats[] = { "text", "json", NULL };
	const char *output = NULL;
	bool json = false;
	struct cmd_getopt g;
	cmd_getopt_init(&g, &merge_spec, false);
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, g.optstring, g.longopts, NULL)) !=
	       -1) {
		int format;
		switch (c) {
		case 'f':
			format = parse_choice("merge", "format", optarg,
					      formats);
			if (format < 0)
				return EXIT_USAGE_OR_INPUT;
			json = format == 1;
			break;
		case 'o': output = optarg; break;
		case 'h': cmd_usage(&merge_spec, stdout); return 0;
		default:
			cmd_usage(&merge_spec, stderr);
			return EXIT_USAGE_OR_INPUT;
		}
	}
	if (optind >= argc) {
		fputs("pagerace merge: no input files\n", stderr);
		cmd_usage(&merge_spec, stderr);
		return EXIT_USAGE_OR_INPUT;
	}
	struct summary *s;
	struct pgr_error *err = summary_create(&s);
	if (err) {
		report_error(err);
		return EXIT_INTERNAL;
	}
	int code = merge_all(s, argc - optind, argv + optind);
	if (code != EXIT_INTERNAL) {
		int wcode = write_summary(s, json, output);
		struct summary_counts counts;
		summary_counts(s, &counts);
		if (wcode)
			code = wcode;
		else if (!code && counts.failed)
			code = EXIT_USAGE_OR_INPUT;
		else if (!code && !counts.reports)
			code = EXIT_NOTHING_FOUND;
	}
	summary_destroy(s);
	return code;
}
