// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * One declaration of a command's options (as git's parse-options): the
 * getopt_long table and the usage text are made from it, and
 * tests/run-cli.sh checks the man page against the usage text.
 */
#ifndef PGR_CMD_OPTIONS_H
#define PGR_CMD_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

struct cmd_option {
	/** The long name, "format". */
	const char *name;
	/** What getopt_long returns: the short letter, or >= 256 for a
	 * long-only option. */
	int key;
	/** The argument as the usage shows it ("FILE", "text|json"); NULL:
	 * the option takes none. */
	const char *arg;
	/** One line, or several separated by '\n' (no final one). */
	const char *help;
};

struct cmd_spec {
	/** The usage lines, "pagerace merge [OPTIONS] FILE.jsonl..."; NULL
	 * ends them. */
	const char *const *synopsis;
	/** A paragraph on what the command does, or NULL. */
	const char *about;
	/** Ended by an entry without a name. */
	const struct cmd_option *options;
};

/** Print the usage text: synopsis, about, one line per option. */
void cmd_usage(const struct cmd_spec *spec, FILE *out);

enum { CMD_MAX_OPTIONS = 40 };

/** getopt_long's tables, made from a spec. */
struct cmd_getopt {
	struct option longopts[CMD_MAX_OPTIONS + 1];
	/** "+" (stop at the first operand) or "", then "f:o:h"... */
	char optstring[3 * CMD_MAX_OPTIONS + 2];
};

/**
 * Fill @p g from @p spec; @p stop_at_operand makes getopt_long stop at the
 * first operand (a subcommand), as a leading "+" does.
 */
void cmd_getopt_init(struct cmd_getopt *g, const struct cmd_spec *spec,
		     bool stop_at_operand);

#endif /* PGR_CMD_OPTIONS_H */
