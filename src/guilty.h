// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * The guilty frame of a crash record: the frame a developer would blame,
 * the first frame of the code that did the wrong thing, found by skipping
 * the generic kernel infrastructure the report was printed from (the
 * tables of data/infra/, generated into src/infra_frames.inc) under the
 * rules of the record's crash kind.
 */
#ifndef PGR_GUILTY_H
#define PGR_GUILTY_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"

/** A group of data/infra/AREA.txt: its area and why it is infrastructure. */
struct infra_group {
	const char *area;
	const char *why;
};

/** One pattern: an exact name, a prefix or a suffix, per table. */
struct infra_pattern {
	const char *pattern;
	size_t len;
	/** Index into the groups. */
	unsigned int group;
	/** Crash kinds it applies to, bit (1 << kind). */
	uint64_t kinds;
};

enum infra_table { INFRA_EXACT, INFRA_PREFIX, INFRA_SUFFIX };

/** The patterns of one table, for tests and documentation. */
const struct infra_pattern *infra_patterns(enum infra_table which,
					   size_t *n_ret);
const struct infra_group *infra_group(unsigned int group);

/**
 * The group that makes @p name (a normalized function name) infrastructure
 * in a crash of @p kind, or NULL when it is not.
 */
const struct infra_group *infra_frame_group(enum crash_kind kind,
					    const char *name);

/**
 * Set rec->guilty (an index into rec->frames, -2 for the fault site, -1
 * for none) from the record's kind, fault site and frames.
 */
void guilty_choose(struct crash_record *rec);

#endif
