// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * One triage job, run in a worker process: analyse one input (a log,
 * compressed or not, or a vmcore) and make its lines (see lines.h), or
 * replay them from the cache.  A first line "#cached" tells the parent
 * the input was not analysed again.
 *
 * The parent gets each line twice over: rendered in the output format,
 * and as the fields the summary counts (a summary_line), so that it
 * neither parses JSON nor renders: its work per line is small and the
 * batch scales with the workers.
 */
#ifndef PGR_TRIAGE_JOB_H
#define PGR_TRIAGE_JOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "pipeline.h"
#include "triage/lines.h"
#include "triage/summary.h"

/** The control line that opens the output of a cache hit. */
#define JOB_CACHED_LINE "#cached"

struct job_options {
	const struct analysis_options *analysis;
	uint64_t rules_hash;
	/** NULL: no cache. */
	const char *cache_dir;
	/**
	 * What else the cache key covers: the debug info the vmcores are
	 * read with (cmd_triage.c), or NULL.
	 */
	const char *cache_extra;
	/** Memory limit in bytes, quoted in out-of-memory failures. */
	uint64_t memory_limit;
	/**
	 * Test hook from $PAGERACE_TEST_FAULT (test builds only,
	 * test_fault.h); NULL otherwise.
	 */
	const char *test_fault;
	/** The format the lines are rendered in. */
	enum lines_format format;
};

/** One line of a job's output, as the parent takes it. */
struct job_line {
	/** The summary's fields, borrowed from the output. */
	struct summary_line line;
	/** The line in the output format; empty when the format omits it. */
	const char *text;
	size_t len;
};

/**
 * Do the job for @p path, its lines in *ret; returns what a
 * worker_client's run returns (triage/workers.h).
 */
int job_run(const struct job_options *opts, const char *path, char **ret,
	    size_t *len_ret);

/**
 * The line of a job's output at *p (before @p end), moving *p past it;
 * *found_ret is false at the end.  PGR_ERROR_BAD_DATA if the output is
 * not a job's.
 */
struct pgr_error *job_output_next(const char **p, const char *end,
				  struct job_line *ret, bool *found_ret);

#endif
