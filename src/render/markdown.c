// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include "render/markdown.h"

static const char *either(const char *s, const char *dflt)
{
	return s ? s : dflt;
}

/* Table cells: a '|' would end the cell, a newline the row. */
static void cell(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			fputs("\\|", out);
		else if (*s == '\n' || *s == '\r')
			fputc(' ', out);
		else
			fputc(*s, out);
	}
}

/* Inline code: backticks inside would close it early. */
static void code(FILE *out, const char *s)
{
	fputc('`', out);
	for (; s && *s; s++)
		fputc(*s == '`' ? '\'' : *s == '|' ? '/' : *s, out);
	fputc('`', out);
}

/* The verdict the report leads with: its first listed one, if any. */
static const struct verdict *best_verdict(const struct report *report)
{
	vector_for_each(const struct verdict, v, &report->verdicts) {
		if (v->nearest)
			continue;
		return v->level == VERDICT_NONE ? NULL : v;
	}
	return NULL;
}

static void print_overview(FILE *out, const struct report *report,
			   const struct verdict *best)
{
	const struct crash_record *rec = &report->rec;
	fputs("| | |\n|---|---|\n| **Verdict** | ", out);
	if (best) {
		const struct rule *rule = best->rule;
		fprintf(out, "%s: ", verdict_level_name(best->level));
		code(out, rule->id);
		if (rule->bug)
			fprintf(out, " (bug %s)", rule->bug);
		fprintf(out, ", score %d |\n| **Race** | ", best->score);
		cell(out, rule->title);
	} else {
		fputs("no known page-cache race signature", out);
	}
	fputs(" |\n| **Kernel** | ", out);
	cell(out, either(rec->kernel_version, "unknown"));
	fprintf(out, " (%s)", either(rec->arch, "arch unknown"));
	if (rec->taint)
		fprintf(out, ", %s%s", *rec->taint ? "tainted " : "not tainted",
			rec->taint);
	fputs(" |\n| **Input** | ", out);
	code(out, rec->input);
	fprintf(out, ", report %zu, lines %zu-%zu |\n| **Bucket** | ",
		report->index, rec->first_line, rec->last_line);
	code(out, report->bucket.key);
	fputs(" (", out);
	code(out, report->bucket.hash);
	fputs(") |\n", out);
}

static void print_evidence(FILE *out, const struct verdict *best)
{
	fputs("\n### Evidence\n\n| | Condition | Fact | Why |\n|---|---|---|---|\n",
	      out);
	vector_for_each(const struct condition_result, r, &best->results) {
		fprintf(out, "| %s | ",
			r->outcome == OUTCOME_MATCHED ? "matched" :
			r->outcome == OUTCOME_FAILED  ? "**failed**" :
							"unknown");
		code(out, condition_type_key(r->cond->type));
		if (r->cond->required)
			fputs(" (required)", out);
		fputs(" | ", out);
		cell(out, either(r->fact, "-"));
		fputs(" | ", out);
		cell(out, either(r->cond->why, ""));
		fputs(" |\n", out);
	}
}

static void print_trace(FILE *out, const struct crash_record *rec)
{
	fputs("\n### Trace\n\n```text\n", out);
	if (rec->headline)
		fprintf(out, "%s\n", rec->headline);
	int n = 0;
	vector_for_each(const struct frame, f, &rec->frames) {
		fprintf(out, " #%-2d %s%s", ++n, f->reliable ? "" : "? ",
			either(f->function, "?"));
		if (f->offset.known)
			fprintf(out, "+0x%" PRIx64, f->offset.value);
		if (f->length.known)
			fprintf(out, "/0x%" PRIx64, f->length.value);
		if (f->module)
			fprintf(out, " [%s]", f->module);
		fputc('\n', out);
	}
	fputs("```\n", out);
}

static void print_fix(FILE *out, const struct rule *rule)
{
	fprintf(out, "\n### Root cause\n\n%s\n\n### Fix\n\n",
		either(rule->root_cause, "unknown"));
	vector_for_each(const struct fix_commit, c, &rule->commits) {
		fputs("- commit ", out);
		code(out, c->id);
		fprintf(out, " \"%s\"", either(c->title, ""));
		if (c->release)
			fprintf(out, " (in %s)", c->release);
		fputc('\n', out);
	}
	if (!rule->commits.size)
		fputs("- no fix commit has landed\n", out);
	fprintf(out, "- %s\n", either(rule->fix_change, ""));
	if (rule->workaround)
		fprintf(out, "- **Workaround:** %s\n", rule->workaround);
	fputs("\n### References\n\n", out);
	vector_for_each(char *const, r, &rule->references)
		fprintf(out, "- %s\n", *r);
}

void markdown_report(FILE *out, const struct report *report)
{
	const struct crash_record *rec = &report->rec;
	const struct verdict *best = best_verdict(report);
	fprintf(out, "<!-- pagerace: %s report %zu -->\n## ",
		either(rec->input, "?"), report->index);
	cell(out, rec->title);
	fputs("\n\n", out);
	print_overview(out, report, best);
	if (best)
		print_evidence(out, best);
	print_trace(out, rec);
	if (best)
		print_fix(out, best->rule);
	fputc('\n', out);
}
