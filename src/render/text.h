// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Text rendering for people at a terminal.
 */
#ifndef PGR_RENDER_TEXT_H
#define PGR_RENDER_TEXT_H

#include <stdbool.h>
#include <stdio.h>

#include "pipeline.h"
#include "signature/rules.h"

struct text_options {
	/** Every verdict in full, and every frame of other tasks. */
	bool verbose;
};

void text_report(FILE *out, const struct report *report,
		 const struct text_options *opts);
/** A rule with its race drawn, root cause and fix ("explain"). */
void text_rule(FILE *out, const struct rule *rule);
/** The race timeline, as columns per actor. */
void text_race(FILE *out, const struct rule *rule,
	       const struct actor_binding_vector *bindings);

#endif
