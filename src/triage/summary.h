// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * The summary of a triage run, built from its JSON Lines (lines.h) only:
 * counts per verdict and signature, buckets with first/last seen and
 * example inputs, distinct traces per bucket, and the failed inputs with
 * their reasons.  Everything is sorted on output and a line seen twice
 * counts once, so the order lines arrive in (workers finish in any
 * order; shards are merged in any order) never changes the summary.
 */
#ifndef PGR_TRIAGE_SUMMARY_H
#define PGR_TRIAGE_SUMMARY_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "signature/engine.h"

struct summary;

/**
 * What the summary takes from one line: a crash report (status NULL) or
 * an input status.  The strings are borrowed from the line.
 */
struct summary_line {
	const char *input;
	/** NULL for a crash report, else "failed", "no-crash" or "skipped". */
	const char *status;
	// Crash reports; signature, seen and trace_hash may be NULL.
	size_t index;
	enum verdict_level level;
	const char *signature, *title, *seen, *key, *hash, *trace_hash;
	// "failed" statuses; reason also for "skipped".
	const char *error, *reason;
};

struct summary_counts {
	size_t inputs, failed, with_crashes, without_crashes, reports;
	/** Files found in directories that are no log or dump: not inputs. */
	size_t skipped;
};

struct pgr_error *summary_create(struct summary **ret);
void summary_destroy(struct summary *s);

/**
 * The summary's fields of the JSON line @p line, borrowed from it;
 * PGR_ERROR_BAD_DATA if it is no triage line.
 */
struct pgr_error *summary_line_from_json(const cJSON *line,
					 struct summary_line *ret);
/** Add one line made by summary_line_from_json(). */
struct pgr_error *summary_add_line(struct summary *s,
				   const struct summary_line *line);
/** Add one line; PGR_ERROR_BAD_DATA if it is no triage line. */
struct pgr_error *summary_add(struct summary *s, const cJSON *line);

void summary_counts(const struct summary *s, struct summary_counts *ret);

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
