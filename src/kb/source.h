// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Where CVE records come from: a directory tree of CVE-*.json files (a
 * checkout of the kernel's vulns repository) or a tarball of one (.tar,
 * .tar.gz, .tar.xz, .tar.zst), read as a stream.  Each record is handed
 * to a callback whole; a record larger than KB_RECORD_MAX is skipped and
 * counted, never read into memory.
 */
#ifndef PGR_KB_SOURCE_H
#define PGR_KB_SOURCE_H

#include <stddef.h>

#include "error.h"

/** No real record comes near this (the largest is about 300 KiB). */
#define KB_RECORD_MAX (4u << 20)

/**
 * Called with one record's name (its path in the tree or the tarball)
 * and contents (NUL-terminated).  An error stops the walk and is
 * returned by kb_source_walk().
 */
typedef struct pgr_error *kb_record_fn(void *arg, const char *name,
				       const char *data, size_t len);

struct kb_source_stats {
	/** Files named CVE-*.json handed to the callback. */
	size_t records;
	/** Skipped because larger than KB_RECORD_MAX. */
	size_t too_large;
};

/**
 * Walk @p path (a directory or a tarball), calling @p fn for every file
 * whose name is CVE-*.json.  A tarball that ends early or has a corrupt
 * header is an error naming the entry reached.
 */
struct pgr_error *kb_source_walk(const char *path, kb_record_fn *fn,
				 void *arg, struct kb_source_stats *stats);

#endif
