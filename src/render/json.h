// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * JSON rendering (schema/pagerace-report.schema.json).  The only place
 * that builds output JSON; unknown facts are null, never false.
 */
#ifndef PGR_RENDER_JSON_H
#define PGR_RENDER_JSON_H

#include <cjson/cJSON.h>

#include "pipeline.h"
#include "signature/rules.h"

/** Version of the report and summary schemas. */
#define PGR_JSON_SCHEMA_VERSION 1

/** One report as a JSON object; NULL on ENOMEM. */
cJSON *json_report(const struct report *report);
/** One rule (for "signatures show --format json"); NULL on ENOMEM. */
cJSON *json_rule(const struct rule *rule);

#endif
