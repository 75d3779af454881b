// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * The triage cache: the JSON Lines a successful analysis produced, kept
 * under a key made of the input's content hash and size, the pagerace
 * version and the rule set hash, so a re-run only analyses inputs that
 * are new or changed, and any upgrade or rule edit starts afresh.
 *
 * Entries are written to a temporary name and renamed, so concurrent
 * runs (shards sharing a cache on NFS) never see half an entry.  There
 * is no eviction: delete the directory to reclaim the space.
 */
#ifndef PGR_TRIAGE_CACHE_H
#define PGR_TRIAGE_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

enum { CACHE_KEY_SIZE = 80 };

/** $XDG_CACHE_HOME/pagerace, else ~/.cache/pagerace. */
struct pgr_error *cache_default_dir(char **ret);
/** Create @p dir (and its parents) if needed. */
struct pgr_error *cache_prepare(const char *dir);

/** Hash the bytes of the file @p path (FNV-1a) and count them. */
struct pgr_error *cache_hash_file(const char *path, uint64_t *hash_ret,
				  uint64_t *size_ret);
/**
 * The key of an input with content @p hash and @p size, analysed by this
 * version with rules hashing to @p rules_hash; @p extra names any other
 * option that changes results (the vmlinux path), or NULL.
 */
void cache_key(uint64_t hash, uint64_t size, uint64_t rules_hash,
	       const char *extra, char ret[CACHE_KEY_SIZE]);

/** The entry for @p key; *ret is NULL when there is none. */
struct pgr_error *cache_lookup(const char *dir, const char *key, char **ret,
			       size_t *len_ret);
struct pgr_error *cache_store(const char *dir, const char *key,
			      const char *data, size_t len);

#endif
