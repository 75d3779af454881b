// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Worker processes: jobs run in forked workers with a time limit per job
 * (alarm in the worker, SIGKILL from the parent as a backstop) and an
 * address-space limit (RLIMIT_AS), so one pathological input (a corrupt
 * vmcore, a decompression bomb, a parser bug) costs one failed job, never
 * the batch: a worker that dies is replaced and the others go on.
 *
 * A worker takes one job after another (fork costs milliseconds on a
 * virtual machine, more than a log's analysis) and holds the next one
 * while it runs one, so it never waits for the parent in between; a job
 * queued behind one that kills its worker goes to another worker.  A job
 * the client marks isolated (a vmcore) gets a worker of its own that ends
 * with it.  A job's output reaches the parent whole, framed, or not at
 * all.
 */
#ifndef PGR_TRIAGE_WORKERS_H
#define PGR_TRIAGE_WORKERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct worker_limits {
	/** Seconds per job; 0: no limit. */
	unsigned timeout;
	/** Bytes of address space per job; 0: no limit. */
	uint64_t memory;
};

/**
 * Whether RLIMIT_AS can be used (not under AddressSanitizer, whose shadow
 * memory takes terabytes of address space); otherwise the parent checks
 * each job's resident memory against the limit every 250 ms.
 */
bool workers_memory_limit_supported(void);

enum { WORKER_RETIRE = -1 };

struct worker_result {
	size_t job;
	/** The job's output; owned by the pool. */
	const char *output;
	size_t len;
	/** waitpid() status. */
	int status;
	/** The parent killed the child at its deadline. */
	bool killed;
	/** The parent killed the child over the memory limit. */
	bool over_memory;
};

struct worker_client {
	/**
	 * In a worker: do job @p job, its output (malloc'd) in *ret.
	 * Returns 0, WORKER_RETIRE (the output stands, but this worker
	 * should be replaced: it ran out of memory), or an exit status for
	 * the worker (the job fails).
	 */
	int (*run)(struct worker_client *client, size_t job, char **ret,
		   size_t *len_ret);
	/** In the parent: whether the job needs a worker of its own. */
	bool (*isolate)(struct worker_client *client, size_t job);
	/** In the parent, once per job, in completion order. */
	struct pgr_error *(*done)(struct worker_client *client,
				  const struct worker_result *result);
	/** In the parent, at least every 250 ms: progress display. */
	void (*idle)(struct worker_client *client);
};

/**
 * Run jobs 0 to @p njobs - 1 on at most @p jobs processes at a time.
 * Returns the first error of client->done (the running children are
 * killed then) or of the pool itself (fork or pipe failure).
 */
struct pgr_error *workers_run(unsigned jobs, const struct worker_limits *limits,
			      size_t njobs, struct worker_client *client);

/**
 * Why a job's child failed ("analysis exceeded the time limit of 600 s",
 * "killed by signal 11 (Segmentation fault)"), with its class in
 * @p kind_ret ("timeout", "crash"); *ret is NULL when the child exited
 * cleanly.
 */
struct pgr_error *worker_failure_reason(const struct worker_result *result,
					const struct worker_limits *limits,
					const char **kind_ret, char **ret);

#endif
