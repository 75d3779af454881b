// SPDX-License-Identifier: GPL-2.0-or-later
#include <assert.h>
#include <stdbool.h>
#include <string.h>

#include "cmd_options.h"

/* The help column; an option spelled wider puts its help on a line of its
 * own. */
enum { HELP_COLUMN = 28 };

static int option_text(const struct cmd_option *o, char *buf, size_t len)
{
	char shortname[8] = "    ";
	if (o->key > 0 && o->key < 256)
		snprintf(shortname, sizeof(shortname), "-%c, ", o->key);
	return snprintf(buf, len, "  %s--%s%s%s", shortname, o->name,
			o->arg ? "=" : "", o->arg ? o->arg : "");
}

/* Each line of a help text after the first starts in the help column. */
static void print_help(const char *help, FILE *out)
{
	for (;;) {
		size_t len = strcspn(help, "\n");
		fprintf(out, "%.*s\n", (int)len, help);
		if (!help[len])
			return;
		help += len + 1;
		fprintf(out, "%*s", HELP_COLUMN, "");
	}
}

void cmd_usage(const struct cmd_spec *spec, FILE *out)
{
	for (size_t i = 0; spec->synopsis[i]; i++)
		fprintf(out, "%s%s\n",
			i ? "       " : "usage: ", spec->synopsis[i]);
	if (spec->about)
		fprintf(out, "\n%s", spec->about);
	fputc('\n', out);
	for (const struct cmd_option *o = spec->options; o->name; o++) {
		char text[128];
		int n = option_text(o, text, sizeof(text));
		if (n >= HELP_COLUMN - 1)
			fprintf(out, "%s\n%*s", text, HELP_COLUMN, "");
		else
			fprintf(out, "%-*s", HELP_COLUMN, text);
		print_help(o->help, out);
	}
}

void cmd_getopt_init(struct cmd_getopt *g, const struct cmd_spec *spec,
		     bool stop_at_operand)
{
	memset(g, 0, sizeof(*g));
	char *s = g->optstring;
	if (stop_at_operand)
		*s++ = '+';
	size_t n = 0;
	for (const struct cmd_option *o = spec->options;
	     o->name && n < CMD_MAX_OPTIONS; o++, n++) {
		g->longopts[n] = (struct option){
			.name = o->name,
			.has_arg = o->arg ? required_argument : no_argument,
			.val = o->key,
		};
		if (o->key > 0 && o->key < 256) {
			*s++ = (char)o->key;
			if (o->arg)
				*s++ = ':';
		}
	}
	*s = '\0';
	// More options than the tables hold is a mistake in the spec.
	assert(!spec->options[n].name);
}
