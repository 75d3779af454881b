// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * A crash as an issue body to paste into GitHub, GitLab or Jira
 * (CommonMark with GFM tables): title, verdict, evidence table, trace,
 * root cause, fix and references.  Made from the report (a triage line
 * read back, src/report_read.h, for cached results).  Each body opens with an HTML comment
 * naming the input, which renders as nothing and lets a script split a
 * stream of bodies.
 */
#ifndef PGR_RENDER_MARKDOWN_H
#define PGR_RENDER_MARKDOWN_H

#include <stdio.h>

#include "pipeline.h"

void markdown_report(FILE *out, const struct report *report);

#endif
