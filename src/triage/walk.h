// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * The inputs of a triage run: the files named on the command line and
 * the regular files under the directories named there, in a stable
 * order; paths that cannot be inputs are kept with the reason, so the
 * summary counts them like any failed input.
 */
#ifndef PGR_TRIAGE_WALK_H
#define PGR_TRIAGE_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "vector.h"

struct triage_input {
	char *path;
	/** Why @p path is no input (NULL for a regular file). */
	char *reason;
	/** Failure class for the summary: "os", "loop", "not-regular". */
	const char *error;
	/**
	 * Found in a directory but clearly no log or dump (@p reason says
	 * what it is): listed as skipped, not analysed.
	 */
	bool skipped;
};
DEFINE_VECTOR(triage_input_vector, struct triage_input)

/**
 * Which files found in directories are inputs: a file is one when it
 * matches an @p include glob (if any) and no @p exclude glob; a
 * directory matching an exclude glob is not entered.  A glob matches the
 * whole path or its last component (fnmatch(3), '*' also matches '/').
 */
struct walk_filter {
	char **include, **exclude;
	size_t ninclude, nexclude;
};

/**
 * Collect the inputs under @p paths: symbolic links are followed, a
 * directory reached again through a link to one of its ancestors is a
 * loop (a failed input), a file reached twice under two names counts
 * once.  Directory entries are sorted, so the order is the same on
 * every run.  Paths named in @p paths are always inputs; the files found
 * in directories pass @p filter (NULL: all), and those that are clearly
 * no log or dump (triage/notlog.h) are skipped inputs.
 */
struct pgr_error *walk_inputs(char *const *paths, size_t n,
			      const struct walk_filter *filter,
			      struct triage_input_vector *ret);
void triage_inputs_deinit(struct triage_input_vector *v);

/** Parse "K/N" with 1 <= K <= N. */
struct pgr_error *shard_parse(const char *s, unsigned *k_ret,
			      unsigned *n_ret);
/**
 * Whether @p path belongs to shard @p k of @p n.  Decided by a hash of
 * the path, not its rank, so a file stays in its shard when others are
 * added to the corpus (and per-shard caches stay warm).
 */
bool shard_contains(const char *path, unsigned k, unsigned n);

#endif
