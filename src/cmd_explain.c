// SPDX-License-Identifier: GPL-2.0-or-later
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "render/text.h"
#include "signature/rules.h"

static const char explain_usage[] =
	"usage: pagerace explain [OPTIONS] ID\n"
	"\n"
	"Explain a known race: its timeline drawn, root cause, fix and references.\n"
	"ID is a signature id ('pagerace signatures list') or a bug label (A-E).\n"
	"\n"
	"  -s, --signatures=PATH    rule file or directory\n"
	"  -h, --help               this text\n";

static const struct option explain_options[] = {
	{ "signatures", required_argument, NULL, 's' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 },
};

int cmd_explain(int argc, char **argv)
{
	const char *rules_path = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:h", explain_options, NULL)) !=
	       -1) {
		switch (c) {
		case 's': rules_path = optarg; break;
		case 'h': fputs(explain_usage, stdout); return 0;
		default:
			fputs(explain_usage, stderr);
			return EXIT_USAGE_OR_INPUT;
		}
	}
	if (optind + 1 != argc) {
		fputs(explain_usage, stderr);
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
	// A bug label explains every signature of that bug.
	size_t shown = 0;
	vector_for_each(struct rule *, r, &rules.rules) {
		if (strcmp((*r)->id, id) != 0 &&
		    (!(*r)->bug || strcasecmp((*r)->bug, id) != 0))
			continue;
		if (shown++)
			fputc('\n', stdout);
		text_rule(stdout, *r);
	}
	if (!shown) {
		fprintf(stderr, "pagerace explain: no signature or bug '%s' "
				"(see 'pagerace signatures list')\n", id);
		code = EXIT_USAGE_OR_INPUT;
	}
	rule_set_deinit(&rules);
	return code;
}
