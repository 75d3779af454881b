// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/quiet.h"

void quiet_report(FILE *out, const struct report *report)
{
	const struct verdict_vector *vs = &report->verdicts;
	const struct verdict *best = vs->size ? &vs->data[0] : NULL;
	fprintf(out, "%s:%zu\t%s\t%s\t%s\t%s\n", report->rec.input,
		report->rec.first_line, report->bucket.hash,
		verdict_level_name(best ? best->level : VERDICT_NONE),
		best && best->level != VERDICT_NONE ? best->rule->id : "-",
		report->rec.title);
}
