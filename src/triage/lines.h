// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * The lines of a triage JSON Lines stream.  A line with a "record" is
 * one crash report (schema/pagerace-report-1.schema.json, with the
 * optional "seen", "raw_oops" and bucket "trace_hash"); a line with a
 * "status" says why an input gave no report: "failed" (with an error
 * class and a reason), "no-crash", or "skipped" (found in a directory
 * but clearly no log or dump, with a reason) ($defs/input_status of
 * schema/pagerace-triage-summary-1.schema.json).  These lines are all a
 * summary is made of, which is why "merge" of shard outputs gives the
 * summary of one run.
 */
#ifndef PGR_TRIAGE_LINES_H
#define PGR_TRIAGE_LINES_H

#include <cjson/cJSON.h>
#include <stdio.h>
#include <time.h>

#include "error.h"
#include "pipeline.h"

enum { SEEN_SIZE = 32 };

/** How a triage writes its lines: as they are, or for a bug tracker. */
enum lines_format { LINES_JSONL, LINES_UREPORT, LINES_MARKDOWN };

/** @p t as "2024-05-01T12:00:00Z"; "" when it cannot be represented. */
void lines_format_time(time_t t, char ret[SEEN_SIZE]);

/** The crash line of @p report; NULL on ENOMEM. */
cJSON *lines_report(const struct report *report, const char *seen);

/** A status line; @p error and @p reason only for "failed". */
cJSON *lines_status(const char *input, const char *status, const char *error,
		    const char *reason);

/** The error class of a status line for @p err: "os", "bad-data" ... */
const char *lines_error_class(const struct pgr_error *err);

/** Print @p line on one line of @p out. */
struct pgr_error *lines_print(FILE *out, const cJSON *line);

/**
 * Write @p line to @p out in @p format: JSON Lines print every line,
 * uReport and Markdown only crash reports, read back into the report
 * (src/report_read.h) and rendered by lines_render_report().
 */
struct pgr_error *lines_render(FILE *out, const cJSON *line,
			       enum lines_format format);

/** The crash report @p report in @p format, uReport or Markdown. */
struct pgr_error *lines_render_report(FILE *out, const struct report *report,
				      enum lines_format format);

#endif
