// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "cmd_options.h"
#include "commands.h"
#include "pipeline.h"
#include "render/json.h"
#include "render/text.h"
#include "rules_path.h"
#include "signature/rules.h"

static const char *const signatures_synopsis[] = {
	"pagerace signatures list [-s PATH]",
	"pagerace signatures show [-s PATH] [--format=text|json] ID",
	"pagerace signatures lint [PATH...]",
	"pagerace signatures test [-s PATH] DIR",
	NULL,
};

static const struct cmd_option signatures_options[] = {
	{ "signatures", 's', "PATH", "rule file or directory (default: installed rules)" },
	{ "format", 'f', "text|json", "output format of show" },
	{ "corpus", 'c', "DIR", "the corpus DIR of test (with verdicts.tsv)" },
	{ "help", 'h', NULL, "this text" },
	{ 0 },
};

static const struct cmd_spec signatures_spec = {
	.synopsis = signatures_synopsis,
	.options = signatures_options,
};

struct signatures_args {
	const char *rules_path;
	const char *corpus;
	bool json;
	int argc;
	char **argv;
};

static int signatures_list(const struct rule_set *rules)
{
	vector_for_each(struct rule *, r, &rules->rules)
		printf("%-34s %-3s %s\n", (*r)->id, (*r)->bug ? (*r)->bug : "-",
		       (*r)->title);
	return 0;
}

static int signatures_show(const struct rule_set *rules,
			   const struct signatures_args *args)
{
	if (args->argc != 1) {
		fputs("pagerace signatures show: expected one ID\n", stderr);
		return EXIT_USAGE_OR_INPUT;
	}
	const struct rule *rule = rule_set_find(rules, args->argv[0]);
	if (!rule) {
		fprintf(stderr, "pagerace signatures show: no signature '%s'\n",
			args->argv[0]);
		return EXIT_USAGE_OR_INPUT;
	}
	if (!args->json) {
		text_rule(stdout, rule);
		return 0;
	}
	struct json_writer w;
	jw_init(&w, stdout);
	json_write_rule(&w, NULL, rule);
	jw_newline(&w);
	return 0;
}

/* Lint reports every problem of every file, not just the first. */
static int signatures_lint(const struct signatures_args *args)
{
	_cleanup_free_ char *found = NULL;
	if (!args->argc) {
		struct pgr_error *err = rules_default_path(&found);
		if (err) {
			report_error(err);
			return EXIT_RULES;
		}
	}
	int n = args->argc ? args->argc : 1;
	char *const *paths = args->argc ? args->argv : &found;
	size_t rules = 0, problems = 0;
	for (int i = 0; i < n; i++) {
		struct rule_set set;
		rule_set_init(&set);
		struct rule_problem_vector pv;
		rule_problem_vector_init(&pv);
		struct pgr_error *err = rule_set_load(&set, paths[i], true, &pv);
		if (err) {
			report_error(err);
			problems++;
		}
		vector_for_each(struct rule_problem, p, &pv)
			printf("%s\n", p->message);
		problems += pv.size;
		rules += set.rules.size;
		rule_problems_deinit(&pv);
		rule_set_deinit(&set);
	}
	printf("%zu rules ok, %zu problems\n", rules, problems);
	return problems ? EXIT_RULES : 0;
}

/* What "signatures test" remembers of each report of one input. */
struct test_sink {
	struct report_sink base;
	size_t count;
	char *signature[64];
	enum verdict_level level[64];
};

static struct pgr_error *test_emit(struct report_sink *base,
				   const struct report *report)
{
	struct test_sink *sink = (struct test_sink *)base;
	if (sink->count >= 64)
		return NULL;
	const struct verdict_vector *vs = &report->verdicts;
	bool hit = vs->size && vs->data[0].level != VERDICT_NONE;
	sink->signature[sink->count] = strdup(hit ? vs->data[0].rule->id : "-");
	sink->level[sink->count] = hit ? vs->data[0].level : VERDICT_NONE;
	if (!sink->signature[sink->count])
		return &pgr_enomem;
	sink->count++;
	return NULL;
}

static void test_sink_deinit(struct test_sink *sink)
{
	for (size_t i = 0; i < sink->count; i++)
		free(sink->signature[i]);
}

/*
 * One line of verdicts.tsv: FILE REPORT SIGNATURE LEVEL.  Returns true
 * when the rules give what the line expects.
 */
static bool test_case(const struct rule_set *rules, const char *dir,
		      char *line, size_t lineno)
{
	char *fields[4];
	char *save = NULL;
	int n = 0;
	for (char *f = strtok_r(line, "\t\n", &save); f && n < 4;
	     f = strtok_r(NULL, "\t\n", &save))
		fields[n++] = f;
	if (n != 4) {
		printf("FAIL verdicts.tsv:%zu: expected 4 tab-separated fields\n", lineno);
		return false;
	}
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, fields[0]);
	size_t want_index = strtoul(fields[1], NULL, 10);
	struct test_sink sink = { .base.emit = test_emit };
	struct analysis_options opts = { .rules = rules };
	size_t count;
	struct pgr_error *err = analyze_path(path, &opts, &sink.base, &count);
	bool ok = false;
	if (err) {
		printf("FAIL %s: %s\n", fields[0], err->message);
		pgr_error_destroy(err);
	} else if (want_index < 1 || want_index > sink.count) {
		printf("FAIL %s#%zu: the input has %zu reports\n", fields[0],
		       want_index, sink.count);
	} else {
		const char *got = sink.signature[want_index - 1];
		const char *level = verdict_level_name(sink.level[want_index - 1]);
		ok = strcmp(got, fields[2]) == 0 && strcmp(level, fields[3]) == 0;
		printf("%s %s#%zu: want %s %s, got %s %s\n", ok ? "ok  " : "FAIL",
		       fields[0], want_index, fields[2], fields[3], got, level);
	}
	test_sink_deinit(&sink);
	return ok;
}

static int signatures_test(const struct rule_set *rules,
			   const struct signatures_args *args)
{
	// The corpus is named, never guessed: a default relative to the
	// current directory tests whatever directory the user stands in.
	const char *dir = args->corpus;
	if (!dir && args->argc == 1)
		dir = args->argv[0];
	if (!dir || args->argc > (args->corpus ? 0 : 1)) {
		fputs("pagerace signatures test: name one corpus directory (with verdicts.tsv)\n",
		      stderr);
		cmd_usage(&signatures_spec, stderr);
		return EXIT_USAGE_OR_INPUT;
	}
	char path[4096];
	snprintf(path, sizeof(path), "%s/verdicts.tsv", dir);
	_cleanup_fclose_ FILE *f = fopen(path, "r");
	if (!f) {
		report_error(pgr_error_os(errno, path, "cannot open"));
		return EXIT_USAGE_OR_INPUT;
	}
	_cleanup_free_ char *line = NULL;
	size_t cap = 0, lineno = 0, passed = 0, failed = 0;
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (test_case(rules, dir, line, lineno))
			passed++;
		else
			failed++;
	}
	printf("%zu passed, %zu failed\n", passed, failed);
	return failed ? EXIT_TEST_FAILED : 0;
}

/* Returns -1 to go on, else the exit code (after --help or a bad option). */
static int parse_options(int argc, char **argv, bool stop_at_operand,
			 struct signatures_args *args)
{
	static const char *const formats[] = { "text", "json", NULL };
	struct cmd_getopt g;
	cmd_getopt_init(&g, &signatures_spec, stop_at_operand);
	int c, format;
	while ((c = getopt_long(argc, argv, g.optstring, g.longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 's': args->rules_path = optarg; break;
		case 'f':
			format = parse_choice("signatures", "format", optarg,
					      formats);
			if (format < 0)
				return EXIT_USAGE_OR_INPUT;
			args->json = format == 1;
			break;
		case 'c': args->corpus = optarg; break;
		case 'h': cmd_usage(&signatures_spec, stdout); return 0;
		default:
			cmd_usage(&signatures_spec, stderr);
			return EXIT_USAGE_OR_INPUT;
		}
	}
	return -1;
}

static int run_subcommand(const char *sub, const struct signatures_args *args)
{
	if (strcmp(sub, "lint") == 0)
		return signatures_lint(args);
	bool known = strcmp(sub, "list") == 0 || strcmp(sub, "show") == 0 ||
		     strcmp(sub, "test") == 0;
	if (!known) {
		fprintf(stderr, "pagerace signatures: unknown subcommand '%s'\n", sub);
		cmd_usage(&signatures_spec, stderr);
		return EXIT_USAGE_OR_INPUT;
	}
	struct rule_set rules;
	rule_set_init(&rules);
	int code = load_rules_for_command(args->rules_path, false, &rules);
	if (!code) {
		if (strcmp(sub, "list") == 0)
			code = signatures_list(&rules);
		else if (strcmp(sub, "show") == 0)
			code = signatures_show(&rules, args);
		else
			code = signatures_test(&rules, args);
	}
	rule_set_deinit(&rules);
	return code;
}

int cmd_signatures(int argc, char **argv)
{
	struct signatures_args args = { 0 };
	optind = 1;
	// "+": stop at the subcommand; its own options are parsed after it.
	int code = parse_options(argc, argv, true, &args);
	if (code >= 0)
		return code;
	if (optind >= argc) {
		cmd_usage(&signatures_spec, stderr);
		return EXIT_USAGE_OR_INPUT;
	}
	const char *sub = argv[optind++];
	code = parse_options(argc, argv, false, &args);
	if (code >= 0)
		return code;
	args.argc = argc - optind;
	args.argv = argv + optind;
	return run_subcommand(sub, &args);
}
