// SPDX-License-Identifier: GPL-2.0-or-later
// The log path, all of it: console text -> oops parser -> crash record ->
// signature engine with the project's rules -> text and JSON renderers.
#include <stdio.h>
#include <stdlib.h>

#include "fuzz-subr.h"
#include "input/oops.h"
#include "pipeline.h"
#include "render/json.h"
#include "render/text.h"

static struct pgr_error *emit(struct report_sink *sink,
			      const struct report *report)
{
	cJSON *obj = json_report(report);
	char *s = obj ? cJSON_PrintUnformatted(obj) : NULL;
	cJSON_Delete(obj);
	if (!s)
		return &pgr_enomem;
	free(s);
	struct text_options text = { .verbose = true };
	text_report(fuzz_null_stream(), report, &text);
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct oops_patterns *patterns;
	if (!patterns && oops_patterns_create(&patterns))
		abort();
	// fmemopen of 0 bytes fails; an empty input is a case too.
	FILE *in = size ? fmemopen((void *)data, size, "r") :
			  fopen("/dev/null", "r");
	if (!in)
		abort();
	struct analysis_options opts = { .rules = fuzz_rules(),
					 .include_rejected = true,
					 .oops_patterns = patterns };
	struct report_sink sink = { .emit = emit };
	size_t count;
	struct pgr_error *err =
		analyze_log_stream(in, "fuzz.log", &opts, &sink, &count);
	fuzz_done(err);
	fclose(in);
	return 0;
}
