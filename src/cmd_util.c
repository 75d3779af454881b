// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "commands.h"
#include "kb/kb.h"
#include "rules_path.h"
#include "signature/rules.h"

int load_rules_for_command(const char *path, bool keep_going,
			   struct rule_set *set)
{
	_cleanup_free_ char *found = NULL;
	if (!path) {
		struct pgr_error *err = rules_default_path(&found);
		if (err) {
			int code = err->code == PGR_ERROR_NO_MEMORY ?
					   EXIT_INTERNAL : EXIT_RULES;
			report_error(err);
			return code;
		}
		path = found;
	}
	struct rule_problem_vector problems;
	rule_problem_vector_init(&problems);
	struct pgr_error *err = rule_set_load(set, path, keep_going, &problems);
	vector_for_each(struct rule_problem, p, &problems)
		fprintf(stderr, "pagerace: %s%s\n", p->message,
			keep_going ? " (skipped)" : "");
	int code = 0;
	if (err && err->code == PGR_ERROR_NO_MEMORY) {
		report_error(err);
		code = EXIT_INTERNAL;
	} else if (err) {
		if (problems.size == 0)
			report_error(err);
		else
			pgr_error_destroy(err);
		if (!keep_going && problems.size)
			fprintf(stderr, "pagerace: the rule set %s is broken; "
					"fix it, or pass --keep-going to load the good rules\n",
				path);
		code = EXIT_RULES;
	} else if (!set->rules.size) {
		fprintf(stderr, "pagerace: %s: no rules loaded\n", path);
		code = EXIT_RULES;
	}
	rule_problems_deinit(&problems);
	return code;
}

bool parse_number(const char *cmd, const char *arg, const char *what,
		  uint64_t max, uint64_t *ret)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(arg, &end, 10);
	if (errno || end == arg || *end || *arg == '-' || v > max) {
		fprintf(stderr, "pagerace %s: bad %s '%s'\n", cmd, what, arg);
		return false;
	}
	*ret = v;
	return true;
}

int parse_choice(const char *cmd, const char *what, const char *arg,
		 const char *const *names)
{
	size_t n = 0;
	for (; names[n]; n++) {
		if (strcmp(arg, names[n]) == 0)
			return n;
	}
	fprintf(stderr, "pagerace %s: unknown %s '%s' (", cmd, what, arg);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s%s", i == 0 ? "" : i + 1 < n ? ", " : " or ",
			names[i]);
	fputs(")\n", stderr);
	return -1;
}

int load_kb_for_command(const char *path, struct kb *kb, bool *loaded_ret)
{
	*loaded_ret = false;
	_cleanup_free_ char *dflt = NULL;
	struct pgr_error *err = path ? NULL : kb_file_default_path(&dflt);
	const char *file = path ? path : dflt;
	/* Without the data installed, reports are analysed all the same. */
	if (!err && (!file || (!path && access(file, F_OK) < 0 &&
			       errno == ENOENT)))
		return 0;
	if (!err)
		err = kb_read(kb, file);
	if (err) {
		int code = err->code == PGR_ERROR_NO_MEMORY ? EXIT_INTERNAL :
							       EXIT_USAGE_OR_INPUT;
		report_error(err);
		return code;
	}
	*loaded_ret = true;
	return 0;
}
