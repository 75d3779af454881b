// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>

#include "render/json.h"
#include "render/json_tree.h"
#include "render/markdown.h"
#include "render/ureport.h"
#include "report_read.h"
#include "triage/lines.h"

void lines_format_time(time_t t, char ret[SEEN_SIZE])
{
	struct tm tm;
	ret[0] = '\0';
	if (gmtime_r(&t, &tm))
		strftime(ret, SEEN_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

cJSON *lines_report(const struct report *report, const char *seen)
{
	cJSON *o = json_report(report);
	if (!o)
		return NULL;
	struct json_tree t = { 0 };
	jt_string_or_null(&t, o, "seen", seen && *seen ? seen : NULL);
	jt_string_or_null(&t, o, "raw_oops", report->rec.text);
	cJSON *bucket = cJSON_GetObjectItemCaseSensitive(o, "bucket");
	if (bucket)
		jt_string(&t, bucket, "trace_hash", report->bucket.trace_hash);
	return json_tree_finish(&t, o);
}

cJSON *lines_status(const char *input, const char *status, const char *error,
		    const char *reason)
{
	struct json_tree t = { 0 };
	cJSON *o = cJSON_CreateObject();
	jt_string(&t, o, "input", input);
	jt_string(&t, o, "status", status);
	if (error)
		jt_string(&t, o, "error", error);
	if (reason)
		jt_string(&t, o, "reason", reason);
	return json_tree_finish(&t, o);
}

const char *lines_error_class(const struct pgr_error *err)
{
	switch (err->code) {
	case PGR_ERROR_NO_MEMORY: return "no-memory";
	case PGR_ERROR_OS: return "os";
	case PGR_ERROR_SYNTAX: return "syntax";
	// A fault that reaches the top is memory the dump lacks: bad data.
	case PGR_ERROR_BAD_DATA:
	case PGR_ERROR_FAULT:
		return "bad-data";
	case PGR_ERROR_NOT_FOUND: return "not-found";
	case PGR_ERROR_UNSUPPORTED: return "unsupported";
	case PGR_ERROR_LIMIT: return "limit";
	default: return "other";
	}
}

struct pgr_error *lines_print(FILE *out, const cJSON *line)
{
	char *s = cJSON_PrintUnformatted(line);
	if (!s)
		return &pgr_enomem;
	fputs(s, out);
	fputc('\n', out);
	free(s);
	return NULL;
}

struct pgr_error *lines_render_report(FILE *out, const struct report *report,
				      enum lines_format format)
{
	if (format == LINES_MARKDOWN) {
		markdown_report(out, report);
		return NULL;
	}
	cJSON *u = ureport_create(report);
	struct pgr_error *err = u ? lines_print(out, u) : &pgr_enomem;
	cJSON_Delete(u);
	return err;
}

struct pgr_error *lines_render(FILE *out, const cJSON *line,
			       enum lines_format format)
{
	if (format == LINES_JSONL)
		return lines_print(out, line);
	if (cJSON_HasObjectItem(line, "status"))
		return NULL;
	struct report_texts own;
	struct report report;
	report_texts_init(&own);
	struct pgr_error *err = report_read(line, NULL, &own, &report);
	if (!err)
		err = lines_render_report(out, &report, format);
	report_deinit(&report);
	report_texts_deinit(&own);
	return err;
}
