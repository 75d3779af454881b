// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * The signature engine: evaluates every rule against a crash record and
 * returns verdicts with the evidence each condition was decided on.
 */
#ifndef PGR_ENGINE_H
#define PGR_ENGINE_H

#include "error.h"
#include "record.h"
#include "signature/rules.h"

enum outcome { OUTCOME_UNKNOWN = 0, OUTCOME_MATCHED, OUTCOME_FAILED };

/*
 * Verdict levels, weakest first: X(enum suffix, name).
 */
#define PGR_VERDICT_LEVELS(X)                                                \
	X(NONE, "no-known-signature")                                        \
	X(POSSIBLE, "possible")                                              \
	X(LIKELY, "likely")                                                  \
	X(CONFIRMED, "confirmed")

enum verdict_level {
#define X(e, name) VERDICT_##e,
	PGR_VERDICT_LEVELS(X)
#undef X
};

const char *outcome_name(enum outcome o);
const char *verdict_level_name(enum verdict_level level);

struct condition_result {
	const struct condition *cond;
	enum outcome outcome;
	/** The fact it was decided on, e.g. "frame #3 ll_readpage". */
	char *fact;
};
DEFINE_VECTOR(condition_result_vector, struct condition_result)

/** An actor of the race bound to a task of the input, if one was seen. */
struct actor_binding {
	const struct actor *actor;
	bool bound;
	char *comm;
	struct pgr_s64 pid;
	/** The function that made the binding. */
	char *where;
};
DEFINE_VECTOR(actor_binding_vector, struct actor_binding)

struct verdict {
	const struct rule *rule;
	enum verdict_level level;
	/** Level before version knowledge lowered it. */
	enum verdict_level level_before_version;
	int score;
	/** Why the kernel version changed the level, or NULL. */
	char *version_note;
	/** Why the rule gives no verdict (level NONE), or NULL. */
	const char *none_reason;
	/**
	 * A rule shown only because no rule reached "possible": one of the
	 * nearest rules, with what matched and what failed.
	 */
	bool nearest;
	/** How many required conditions matched (for nearness). */
	int required_matched;
	struct condition_result_vector results;
	struct actor_binding_vector actors;
};
DEFINE_VECTOR(verdict_vector, struct verdict)

/** How many nearest rules a report without a verdict lists. */
enum { NEAREST_RULES = 3 };

/**
 * Evaluate @p set against @p rec.  Verdicts of at least "possible" are
 * appended, best first; with @p include_rejected, rejected rules are
 * appended too (level NONE).  When no rule reaches "possible", up to
 * NEAREST_RULES rejected rules follow, marked nearest.
 */
struct pgr_error *engine_evaluate(const struct rule_set *set,
				  const struct crash_record *rec,
				  bool include_rejected,
				  struct verdict_vector *ret);
void verdicts_deinit(struct verdict_vector *verdicts);

#endif
