// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Read what pagerace wrote back into the in-memory report and write it
 * again (src/report_read.h), for tests/run-report-read.sh:
 *
 *   report-roundtrip doc FILE    an analyze document, written again
 *   report-roundtrip lines FILE  triage JSON Lines, each crash line again
 *
 * Output on stdout; a file that is no such output: one message on stderr,
 * exit 1 (2 when out of memory).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "report_read.h"
#include "triage/lines.h"
#include "util.h"

static int fail(const char *path, struct pgr_error *err)
{
	int code = err->code == PGR_ERROR_NO_MEMORY ? 2 : 1;
	fprintf(stderr, "report-roundtrip: %s\n", err->message);
	(void)path;
	pgr_error_destroy(err);
	return code;
}

static int doc(const char *path)
{
	struct analyze_doc d;
	struct pgr_error *err = analyze_doc_read(path, &d);
	if (!err)
		err = analyze_doc_write(stdout, &d);
	analyze_doc_deinit(&d);
	return err ? fail(path, err) : 0;
}

/* One crash line: read, then made again as triage makes it. */
static struct pgr_error *line_again(const cJSON *line)
{
	struct report_texts own;
	struct report r;
	report_texts_init(&own);
	struct pgr_error *err = report_read(line, NULL, &own, &r);
	const char *seen = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(line, "seen"));
	cJSON *again = err ? NULL : lines_report(&r, seen);
	if (!err && !again)
		err = &pgr_enomem;
	if (!err)
		err = lines_print(stdout, again);
	cJSON_Delete(again);
	report_deinit(&r);
	report_texts_deinit(&own);
	return err;
}

static int lines(const char *path)
{
	_cleanup_free_ char *buf = NULL;
	size_t len, lineno = 0;
	struct pgr_error *err = read_file(path, ANALYZE_DOC_MAX, &buf, &len);
	if (err)
		return fail(path, err);
	for (char *p = buf, *end; p < buf + len; p = end + 1) {
		end = memchr(p, '\n', buf + len - p);
		if (!end)
			end = buf + len;
		lineno++;
		cJSON *line = cJSON_ParseWithLength(p, end - p);
		if (!line)
			return fail(path, pgr_error_format(PGR_ERROR_BAD_DATA,
							   "%s:%zu: not JSON",
							   path, lineno));
		if (cJSON_HasObjectItem(line, "status"))
			err = lines_print(stdout, line);
		else
			err = line_again(line);
		cJSON_Delete(line);
		if (err)
			return fail(path, pgr_error_prefix(err, "%s:%zu", path,
							   lineno));
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "doc") == 0)
		return doc(argv[2]);
	if (argc == 3 && strcmp(argv[1], "lines") == 0)
		return lines(argv[2]);
	fputs("usage: report-roundtrip doc|lines FILE\n", stderr);
	return 1;
}
