// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * The one-screen overview that opens a long text output ("analyze" of a
 * whole corpus): one line per report, the most certain verdicts first,
 * before the reports in full.
 */
#ifndef PGR_RENDER_OVERVIEW_H
#define PGR_RENDER_OVERVIEW_H

#include <stdio.h>

#include "error.h"
#include "pipeline.h"

/** Lines shown; the rest are counted. */
enum { OVERVIEW_LINES = 15 };

struct overview;

struct pgr_error *overview_create(struct overview **ret);
void overview_destroy(struct overview *o);
static inline void overview_destroyp(struct overview **o)
{
	overview_destroy(*o);
}
struct pgr_error *overview_add(struct overview *o, const struct report *report);
size_t overview_count(const struct overview *o);
/**
 * Sorts @p o: add no report after printing.  Lines longer than @p width
 * (a terminal's; 0: no limit) are cut, the title first.
 */
void overview_print(struct overview *o, FILE *out, size_t width);

#endif
