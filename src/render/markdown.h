// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * A crash as an issue body to paste into GitHub, GitLab or Jira
 * (CommonMark with GFM tables): title, verdict, evidence table, trace,
 * root cause, fix and references.  Made from a triage crash line, so
 * cached results render the same.  Each body opens with an HTML comment
 * naming the input, which renders as nothing and lets a script split a
 * stream of bodies.
 */
#ifndef PGR_RENDER_MARKDOWN_H
#define PGR_RENDER_MARKDOWN_H

#include <cjson/cJSON.h>
#include <stdio.h>

void markdown_report(FILE *out, const cJSON *report);

#endif
