// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Files found in a triage directory that are clearly no kernel log:
 * documentation, tables, JSON (the tool's own output, expectations).
 * They are skipped and listed as such, not counted as logs without a
 * crash.  Files named on the command line are always inputs.
 */
#ifndef PGR_TRIAGE_NOTLOG_H
#define PGR_TRIAGE_NOTLOG_H

#include <stdbool.h>
#include <stddef.h>

/** How much of a file text_not_a_log() looks at. */
enum { NOTLOG_SAMPLE = 4096 };

/**
 * Why the text @p buf (the first @p len bytes of a file, all of it when
 * @p whole) is clearly not a kernel log ("JSON data", "a tab-separated
 * table", "Markdown text"), or NULL when it may be one.  A text with a
 * line shaped like kernel output (a printk timestamp, "Call Trace:",
 * "BUG: ", "RIP: " ...) always may be one.
 */
const char *text_not_a_log(const char *buf, size_t len, bool whole);

#endif
