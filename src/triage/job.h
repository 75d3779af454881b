// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * One triage job, run in a worker process: analyse one input (a log,
 * compressed or not, or a vmcore) and write its lines (see lines.h), or
 * replay them from the cache.  A first line "#cached" tells the parent
 * the input was not analysed again.
 */
#ifndef PGR_TRIAGE_JOB_H
#define PGR_TRIAGE_JOB_H

#include <stddef.h>
#include <stdint.h>

#include "pipeline.h"

/** The control line that opens the output of a cache hit. */
#define JOB_CACHED_LINE "#cached"

struct job_options {
	const struct analysis_options *analysis;
	uint64_t rules_hash;
	/** NULL: no cache. */
	const char *cache_dir;
	/**
	 * Kernel image for vmcores.  Part of the cache key; handed to the
	 * vmcore reader when it lands (analysis_options has no field yet).
	 */
	const char *vmlinux;
	/** Memory limit in bytes, quoted in out-of-memory failures. */
	uint64_t memory_limit;
	/**
	 * Test hook from $PAGERACE_TEST_FAULT, "MODE:BASENAME": the job
	 * for an input named BASENAME hangs, crashes, or allocates until
	 * the memory limit stops it (MODE hang, crash, hog).
	 */
	const char *test_fault;
};

/**
 * Do the job for @p path, its lines in *ret; returns what a
 * worker_client's run returns (triage/workers.h).
 */
int job_run(const struct job_options *opts, const char *path, char **ret,
	    size_t *len_ret);

#endif
