// SPDX-License-Identifier: GPL-2.0-or-later
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd_options.h"
#include "commands.h"
#include "pipeline.h"
#include "render/text.h"
#include "signature/rules.h"

static const char *const explain_synopsis[] = {
	"pagerace explain [OPTIONS] ID [FILE]",
	NULL,
};

enum { OPT_VMLINUX = 256 };

static const struct cmd_option explain_options[] = {
	{ "signatures", 's', "PATH", "rule file or directory" },
	{ "vmlinux", OPT_VMLINUX, "FILE", "vmlinux of a vmcore FILE" },
	{ "help", 'h', NULL, "this text" },
	{ 0 },
};

static const struct cmd_spec explain_spec = {
	.synopsis = explain_synopsis,
	.about = "Explain a known race: its timeline drawn, root cause, fix and references.\n"
		 "ID is a signature id ('pagerace signatures list') or a bug label (A-E).\n"
		 "With FILE (a log or a vmcore), show instead how each condition of the\n"
		 "signature is decided on each report of FILE, and the level it gives.\n",
	.options = explain_options,
};

static bool rule_selected(const struct rule *r, const char *id)
{
	return strcmp(r->id, id) == 0 ||
	       (r->bug && strcasecmp(r->bug, id) == 0);
}

struct explain_sink {
	struct report_sink base;
	const char *id;
	size_t shown;
};

static const char explain_marks[] = {
	[OUTCOME_MATCHED] = '+',
	[OUTCOME_FAILED] = '-',
	[OUTCOME_UNKNOWN] = '?',
};

/* One rule's conditions decided against one report. */
static void explain_verdict(const struct report *report,
			    const struct verdict *v)
{
	printf("%s: report %zu (lines %zu-%zu, %s): %s (score %d)\n",
	       v->rule->id, report->index, report->rec.first_line,
	       report->rec.last_line,
	       report->rec.title ? report->rec.title : "?",
	       verdict_level_name(v->level), v->score);
	if (v->none_reason)
		printf("  no verdict: %s\n", v->none_reason);
	if (v->version_note)
		printf("  version: %s\n", v->version_note);
	vector_for_each(const struct condition_result, r, &v->results) {
		printf("  [%c] %c%c %-16s %s\n", explain_marks[r->outcome],
		       r->cond->required ? 'R' : ' ',
		       r->cond->decisive ? '!' : ' ',
		       condition_type_key(r->cond->type),
		       r->fact ? r->fact : "");
		printf("        wants %s\n", r->cond->source_json);
	}
}

static struct pgr_error *explain_emit(struct report_sink *base,
				      const struct report *report)
{
	struct explain_sink *sink = (struct explain_sink *)base;
	vector_for_each(const struct verdict, v, &report->verdicts) {
		if (!rule_selected(v->rule, sink->id))
			continue;
		if (sink->shown++)
			fputc('\n', stdout);
		explain_verdict(report, v);
	}
	return NULL;
}

static int explain_input(const struct rule_set *rules, const char *id,
			 const char *path, const char *vmlinux)
{
	struct explain_sink sink = { .base.emit = explain_emit, .id = id };
	struct analysis_options opts = {
		.rules = rules,
		.include_rejected = true,
		.vmlinux = vmlinux,
		.warnings = stderr,
	};
	size_t count;
	struct pgr_error *err = analyze_path(path, &opts, &sink.base, &count);
	if (err) {
		report_error(err);
		return EXIT_USAGE_OR_INPUT;
	}
	if (!count)
		printf("%s: no crash report found\n", path);
	return 0;
}

int cmd_explain(int argc, char **argv)
{
	const char *rules_path = NULL, *vmlinux = NULL;
	int c;
	optind = 1;
	struct cmd_getopt g;
	cmd_getopt_init(&g, &explain_spec, false);
	while ((c = getopt_long(argc, argv, g.optstring, g.longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 's': rules_path = optarg; break;
		case OPT_VMLINUX: vmlinux = optarg; break;
		case 'h': cmd_usage(&explain_spec, stdout); return 0;
		default:
			cmd_usage(&explain_spec, stderr);
			return EXIT_USAGE_OR_INPUT;
		}
	}
	if (optind + 1 != argc && optind + 2 != argc) {
		cmd_usage(&explain_spec, stderr);
		return EXIT_USAGE_OR_INPUT;
	}
	const char *id = argv[optind];
	struct rule_set rules;
	rule_set_init(&rules);
	int code = load_rules_for_command(rules_path, false, &rules);
	if (code) {
		rule_set_deinit(&rules);
		return code;
	}
	size_t shown = 0;
	vector_for_each(struct rule *, r, &rules.rules) {
		if (!rule_selected(*r, id))
			continue;
		if (optind + 2 == argc) {
			shown++;
			continue;
		}
		if (shown++)
			fputc('\n', stdout);
		text_rule(stdout, *r);
	}
	if (!shown) {
		fprintf(stderr, "pagerace explain: no signature or bug '%s' "
				"(see 'pagerace signatures list')\n", id);
		code = EXIT_USAGE_OR_INPUT;
	} else if (optind + 2 == argc) {
		code = explain_input(&rules, id, argv[optind + 1], vmlinux);
	}
	rule_set_deinit(&rules);
	return code;
}
