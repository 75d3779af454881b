// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * The summary of a triage run, built from its JSON Lines (lines.h) only,
 * each crash line read back into its report (src/report_read.h):
 * counts per verdict and signature, buckets with first/last seen and
 * example inputs, distinct traces per bucket, and the failed inputs with
 * their reasons.  Everything is sorted on output and a line seen twice
 * counts once, so the order lines arrive in (workers finish in any
 * order; shards are merged in any order) never changes the summary.
 * render/summary.h prints it.
 */
#ifndef PGR_TRIAGE_SUMMARY_H
#define PGR_TRIAGE_SUMMARY_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "pipeline.h"
#include "signature/engine.h"
#include "triage/strmap.h"
#include "vector.h"

enum { SUMMARY_LEVELS = VERDICT_CONFIRMED + 1, SUMMARY_EXAMPLES = 3 };

struct summary_example {
	char *input;
	size_t index;
};

DEFINE_VECTOR(trace_hash_vector, uint64_t)

/** One bucket: its reports' count, best verdict, span and examples. */
struct bucket_sum {
	char *key, *hash, *title, *signature;
	enum verdict_level level;
	size_t count;
	char *first_seen, *last_seen;
	struct summary_example examples[SUMMARY_EXAMPLES];
	size_t nexamples;
	/** The distinct trace hashes seen. */
	struct trace_hash_vector traces;
};
DEFINE_VECTOR(bucket_sum_vector, struct bucket_sum)

struct signature_sum {
	char *id;
	size_t count, levels[SUMMARY_LEVELS];
};
DEFINE_VECTOR(signature_sum_vector, struct signature_sum)

/** A failed input (error and reason) or a skipped file (reason only). */
struct summary_input {
	char *input, *error, *reason;
};
DEFINE_VECTOR(summary_input_vector, struct summary_input)

/** What a stream of triage lines adds up to. */
struct summary {
	/** Lines already counted, so a line given twice counts once. */
	struct strmap lines;
	struct strmap inputs;
	size_t reports, levels[SUMMARY_LEVELS];
	struct strmap bucket_index;
	struct bucket_sum_vector buckets;
	struct strmap signature_index;
	struct signature_sum_vector signatures;
	struct summary_input_vector failures;
	/** Skipped files: error is NULL. */
	struct summary_input_vector skipped;
};

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
 * The summary's fields of a crash report, borrowed from @p report;
 * @p seen is the line's "seen" or NULL.
 */
void summary_line_from_report(const struct report *report, const char *seen,
			      struct summary_line *ret);
/**
 * The summary's fields of the status line @p line, borrowed from it;
 * PGR_ERROR_BAD_DATA if it is no status line.
 */
struct pgr_error *summary_status_from_json(const cJSON *line,
					   struct summary_line *ret);
/** Add one line made by summary_line_from_report() or _status_from_json(). */
struct pgr_error *summary_add_line(struct summary *s,
				   const struct summary_line *line);
/**
 * Add one line; a crash line is read back into the report
 * (src/report_read.h); PGR_ERROR_BAD_DATA if it is no triage line.
 */
struct pgr_error *summary_add(struct summary *s, const cJSON *line);

void summary_counts(const struct summary *s, struct summary_counts *ret);

/**
 * Sorts the signatures, failures and skipped files for output; leaves
 * the indexes stale: add no line after it.
 */
void summary_sort(struct summary *s);
/** The buckets, most reports first; free() the array; NULL on ENOMEM. */
const struct bucket_sum **summary_sorted_buckets(const struct summary *s);

#endif
