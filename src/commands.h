// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Subcommands and exit codes.  To add a command: write cmd_NAME.c with
 * its options declared once at the top (a cmd_spec, cmd_options.h: the
 * getopt_long table and the usage text come from it), declare it here,
 * add it to commands[] in main.c and to Makefile.am, document it in
 * man/pagerace.1, and let tests/run-cli.sh check that it answers -h.
 */
#ifndef PGR_COMMANDS_H
#define PGR_COMMANDS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"

/** Exit codes, documented in man/pagerace.1. */
enum pgr_exit {
	/** Every input was analysed and at least one crash report found. */
	EXIT_ANALYSED = 0,
	/** Inputs analysed, but no crash report in any of them. */
	EXIT_NOTHING_FOUND = 1,
	/** Bad usage, or an input could not be read or understood. */
	EXIT_USAGE_OR_INPUT = 2,
	/** The rule set is broken (see "signatures lint"). */
	EXIT_RULES = 3,
	/** Out of memory, or the output could not be written. */
	EXIT_INTERNAL = 4,
	/** "signatures test": a rule disagreed with the corpus. */
	EXIT_TEST_FAILED = 5,
};

int cmd_analyze(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_kb(int argc, char **argv);
int cmd_signatures(int argc, char **argv);
int cmd_triage(int argc, char **argv);
int cmd_merge(int argc, char **argv);

/** Print "pagerace: MESSAGE" to stderr and free @p err. */
void report_error(struct pgr_error *err);
/** The exit code an error maps to. */
int exit_code_for(const struct pgr_error *err);

/**
 * The index of @p arg in @p names (NULL-terminated), or -1 after printing
 * "pagerace CMD: unknown WHAT 'ARG' (a, b or c)" to stderr.
 */
int parse_choice(const char *cmd, const char *what, const char *arg,
		 const char *const *names);

/**
 * Parse the decimal number @p arg (no sign, at most @p max) into *@p ret,
 * or print "pagerace CMD: bad WHAT 'ARG'" to stderr and return false.
 */
bool parse_number(const char *cmd, const char *arg, const char *what,
		  uint64_t max, uint64_t *ret);

struct rule_set;
/**
 * Load the rule set at @p path (NULL: the default) for a command; every
 * problem is printed.  Returns 0 or the exit code to leave with.
 */
int load_rules_for_command(const char *path, bool keep_going,
			   struct rule_set *set);

struct kb;
/**
 * Load the known-bugs file @p path for a command; NULL: the default one,
 * silently skipped when it is not installed.  *@p loaded_ret says whether
 * @p kb holds it.  Returns 0 or the exit code to leave with.
 */
int load_kb_for_command(const char *path, struct kb *kb, bool *loaded_ret);

#endif
