// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * The summary of a triage run (triage/summary.h) for people and for
 * machines.
 */
#ifndef PGR_RENDER_SUMMARY_H
#define PGR_RENDER_SUMMARY_H

#include <stdio.h>

#include "error.h"
#include "triage/summary.h"

/** For people.  Sorts @p s: add no line after printing. */
void summary_print_text(struct summary *s, FILE *out);
/** A screenful for a terminal: fewer buckets, without details. */
void summary_print_brief(struct summary *s, FILE *out);
/**
 * For machines (schema/pagerace-triage-summary-1.schema.json).  Sorts
 * @p s: add no line after printing.
 */
struct pgr_error *summary_print_json(struct summary *s, FILE *out);

#endif
