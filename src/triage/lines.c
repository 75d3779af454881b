// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>

#include "render/json.h"
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
	cJSON_AddItemToObject(o, "seen", seen && *seen ?
						 cJSON_CreateString(seen) :
						 cJSON_CreateNull());
	cJSON_AddItemToObject(o, "raw_oops",
			      report->rec.text ?
				      cJSON_CreateString(report->rec.text) :
				      cJSON_CreateNull());
	cJSON *bucket = cJSON_GetObjectItemCaseSensitive(o, "bucket");
	if (bucket)
		cJSON_AddStringToObject(bucket, "trace_hash",
					report->bucket.trace_hash);
	return o;
}

cJSON *lines_status(const char *input, const char *status, const char *error,
		    const char *reason)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "input", input);
	cJSON_AddStringToObject(o, "status", status);
	if (error)
		cJSON_AddStringToObject(o, "error", error);
	if (reason)
		cJSON_AddStringToObject(o, "reason", reason);
	return o;
}

const char *lines_error_class(const struct pgr_error *err)
{
	switch (err->code) {
	case PGR_ERROR_NO_MEMORY: return "no-memory";
	case PGR_ERROR_OS: return "os";
	case PGR_ERROR_SYNTAX: return "syntax";
	case PGR_ERROR_BAD_DATA: return "bad-data";
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
