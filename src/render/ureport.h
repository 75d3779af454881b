// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * uReport, the crash report format of ABRT and FAF: the subset a
 * kerneloops problem takes (ureport_version 2, problem type kerneloops,
 * raw_oops, version, taint_flags, modules, frames with function_name,
 * function_offset, function_length, module_name, address and reliable),
 * following the checks FAF's kerneloops problem type applies (names it
 * would refuse are left out).  Made from the report (a triage line read
 * back, src/report_read.h, for cached results).  schema/pagerace-ureport-1.schema.json.
 */
#ifndef PGR_RENDER_UREPORT_H
#define PGR_RENDER_UREPORT_H

#include <cjson/cJSON.h>

#include "pipeline.h"

/** The uReport of @p report; NULL on ENOMEM. */
cJSON *ureport_create(const struct report *report);

#endif
