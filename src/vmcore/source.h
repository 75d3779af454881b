// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * The vmcore input adapter: a dump opened as an input gives its memory
 * (with the facts it states about itself) and the kernel log it holds.
 * Parsing the log is the oops parser's (input/oops.h), completing the
 * record from memory the enrichment steps' (enrich/dump.h).
 */
#ifndef PGR_VMCORE_SOURCE_H
#define PGR_VMCORE_SOURCE_H

#include "error.h"
#include "vmcore/dump.h"
#include "vmcore/printk.h"

struct vmcore_source {
	const char *path;
	struct vmcore_dump *dump;
	/** The kernel log once read; empty when it could not be. */
	struct printk_log log;
	/** Why the log could not be read, or NULL; owned here until taken. */
	struct pgr_error *log_err;
};

/**
 * Open the dump at @p path; only a dump that cannot be opened at all
 * (not a dump, truncated header, no VMCOREINFO) is an error.
 */
struct pgr_error *vmcore_source_open(const char *path,
				     struct vmcore_source **ret);
void vmcore_source_close(struct vmcore_source *src);

/**
 * Read the dump's log with @p printk_flags (printk.h); an unreadable log
 * is left in log_err.
 */
void vmcore_source_read_log(struct vmcore_source *src,
			    unsigned int printk_flags);

static inline void vmcore_source_closep(struct vmcore_source **src)
{
	vmcore_source_close(*src);
}

#endif
