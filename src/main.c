// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "test_fault.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "analyze", cmd_analyze, "analyse oops logs and vmcores" },
	{ "explain", cmd_explain, "explain a known race, drawn, with its fix" },
	{ "kb", cmd_kb, "known kernel bugs from the CVE records: build, match, show" },
	{ "merge", cmd_merge, "combine triage shard outputs into one summary" },
	{ "signatures", cmd_signatures, "list, show, lint and test the rules" },
	{ "triage", cmd_triage, "analyse a corpus in parallel and summarise it" },
};

static void usage(FILE *out)
{
	fputs("usage: pagerace COMMAND [OPTIONS] [ARGS]\n"
	      "       pagerace --version | --help\n\ncommands:\n",
	      out);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-12s %s\n", commands[i].name,
			commands[i].summary);
	fputs("\n'pagerace COMMAND --help' describes a command; "
	      "man pagerace(1) has the details.\n",
	      out);
}

void report_error(struct pgr_error *err)
{
	fprintf(stderr, "pagerace: %s\n", err->message);
	pgr_error_destroy(err);
}

int exit_code_for(const struct pgr_error *err)
{
	switch (err->code) {
	case PGR_ERROR_NO_MEMORY:
	case PGR_ERROR_OTHER:
		return EXIT_INTERNAL;
	default:
		return EXIT_USAGE_OR_INPUT;
	}
}

int main(int argc, char **argv)
{
	test_fault_arm();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE_OR_INPUT;
	}
	const char *name = argv[1];
	if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
		printf("pagerace %s%s\n", PACKAGE_VERSION,
		       TEST_FAULT_VERSION_NOTE);
		return 0;
	}
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 ||
	    strcmp(name, "help") == 0) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(commands[i].name, name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	}
	fprintf(stderr, "pagerace: '%s' is not a command\n\n", name);
	usage(stderr);
	return EXIT_USAGE_OR_INPUT;
}
