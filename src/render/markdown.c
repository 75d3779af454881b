// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdbool.h>
#include <string.h>

#include "render/markdown.h"

static const char *str(const cJSON *obj, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(item) ? item->valuestring : NULL;
}

static int num(const cJSON *obj, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsNumber(item) ? item->valueint : 0;
}

static const char *or(const char *s, const char *dflt)
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

static void print_overview(FILE *out, const cJSON *report, const cJSON *rec,
			   const cJSON *best)
{
	fputs("| | |\n|---|---|\n| **Verdict** | ", out);
	if (best) {
		fprintf(out, "%s: ", str(best, "level"));
		code(out, str(best, "signature"));
		if (str(best, "bug"))
			fprintf(out, " (bug %s)", str(best, "bug"));
		fprintf(out, ", score %d |\n| **Race** | ", num(best, "score"));
		cell(out, str(best, "title"));
	} else {
		fputs("no known page-cache race signature", out);
	}
	fputs(" |\n| **Kernel** | ", out);
	cell(out, or(str(rec, "kernel_version"), "unknown"));
	fprintf(out, " (%s)", or(str(rec, "arch"), "arch unknown"));
	const char *taint = str(rec, "taint");
	if (taint)
		fprintf(out, ", %s%s", *taint ? "tainted " : "not tainted", taint);
	fputs(" |\n| **Input** | ", out);
	code(out, str(report, "input"));
	const cJSON *lines = cJSON_GetObjectItem(report, "lines");
	const cJSON *first = cJSON_GetArrayItem(lines, 0);
	const cJSON *last = cJSON_GetArrayItem(lines, 1);
	fprintf(out, ", report %d, lines %d-%d |\n| **Bucket** | ",
		num(report, "index"), first ? first->valueint : 0,
		last ? last->valueint : 0);
	const cJSON *bucket = cJSON_GetObjectItem(report, "bucket");
	code(out, str(bucket, "key"));
	fputs(" (", out);
	code(out, str(bucket, "hash"));
	fputs(") |\n", out);
}

static void print_evidence(FILE *out, const cJSON *best)
{
	fputs("\n### Evidence\n\n| | Condition | Fact | Why |\n|---|---|---|---|\n",
	      out);
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(best, "conditions")) {
		const char *o = or(str(c, "outcome"), "unknown");
		fprintf(out, "| %s | ", strcmp(o, "matched") == 0 ? "matched" :
					strcmp(o, "failed") == 0 ? "**failed**" :
								   "unknown");
		code(out, str(c, "type"));
		if (cJSON_IsTrue(cJSON_GetObjectItem(c, "required")))
			fputs(" (required)", out);
		fputs(" | ", out);
		cell(out, or(str(c, "fact"), "-"));
		fputs(" | ", out);
		cell(out, or(str(c, "why"), ""));
		fputs(" |\n", out);
	}
}

static void print_trace(FILE *out, const cJSON *rec)
{
	fputs("\n### Trace\n\n```text\n", out);
	const char *headline = str(rec, "headline");
	if (headline)
		fprintf(out, "%s\n", headline);
	const cJSON *f;
	int n = 0;
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(rec, "frames")) {
		bool reliable = cJSON_IsTrue(cJSON_GetObjectItem(f, "reliable"));
		fprintf(out, " #%-2d %s%s", ++n, reliable ? "" : "? ",
			or(str(f, "function"), "?"));
		if (str(f, "offset"))
			fprintf(out, "+%s", str(f, "offset"));
		if (str(f, "length"))
			fprintf(out, "/%s", str(f, "length"));
		if (str(f, "module"))
			fprintf(out, " [%s]", str(f, "module"));
		fputc('\n', out);
	}
	fputs("```\n", out);
}

static void print_fix(FILE *out, const cJSON *best)
{
	fprintf(out, "\n### Root cause\n\n%s\n\n### Fix\n\n",
		or(str(best, "root_cause"), "unknown"));
	const cJSON *fix = cJSON_GetObjectItem(best, "fix");
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(fix, "commits")) {
		fputs("- commit ", out);
		code(out, str(c, "id"));
		fprintf(out, " \"%s\"", or(str(c, "title"), ""));
		if (str(c, "release"))
			fprintf(out, " (in %s)", str(c, "release"));
		fputc('\n', out);
	}
	if (!cJSON_GetArraySize(cJSON_GetObjectItem(fix, "commits")))
		fputs("- no fix commit has landed\n", out);
	fprintf(out, "- %s\n", or(str(fix, "change"), ""));
	if (str(fix, "workaround"))
		fprintf(out, "- **Workaround:** %s\n", str(fix, "workaround"));
	fputs("\n### References\n\n", out);
	const cJSON *r;
	cJSON_ArrayForEach(r, cJSON_GetObjectItem(best, "references")) {
		if (cJSON_IsString(r))
			fprintf(out, "- %s\n", r->valuestring);
	}
}

void markdown_report(FILE *out, const cJSON *report)
{
	const cJSON *rec = cJSON_GetObjectItem(report, "record");
	const cJSON *best = cJSON_GetArrayItem(cJSON_GetObjectItem(report, "verdicts"), 0);
	if (best && strcmp(or(str(best, "level"), ""), "no-known-signature") == 0)
		best = NULL;
	fprintf(out, "<!-- pagerace: %s report %d -->\n## ",
		or(str(report, "input"), "?"), num(report, "index"));
	cell(out, str(rec, "title"));
	fputs("\n\n", out);
	print_overview(out, report, rec, best);
	if (best)
		print_evidence(out, best);
	print_trace(out, rec);
	if (best)
		print_fix(out, best);
	fputc('\n', out);
}
