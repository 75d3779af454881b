// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * The one line a report is given by "analyze -q": input:line, bucket
 * hash, verdict level, signature id (or -) and title, tab-separated.
 */
#ifndef PGR_RENDER_QUIET_H
#define PGR_RENDER_QUIET_H

#include <stdio.h>

#include "pipeline.h"

void quiet_report(FILE *out, const struct report *report);

#endif
