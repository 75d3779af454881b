// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Debug info for the frames of a log: with the kernel's vmlinux (and the
 * modules' .ko files), every "func+0x1a/0x40 [mod]" of a report gets its
 * file:line and inline chain, as scripts/decode_stacktrace.sh gives them
 * with one addr2line per frame.  The vmlinux is checked against the
 * report first: its build id, else its release and version.
 */
#ifndef PGR_ENRICH_LOG_DEBUG_H
#define PGR_ENRICH_LOG_DEBUG_H

#include <stdbool.h>

#include "error.h"
#include "record.h"

struct log_debug_options {
	/** The kernel's vmlinux, with DWARF. */
	const char *vmlinux;
	/** Directory of the modules' .ko files with debug info, or NULL. */
	const char *module_debug;
	/** Use the files even when the report names another build. */
	bool force;
	/**
	 * Look every frame up at func+offset as printed, as
	 * decode_stacktrace.sh does, rather than a return address's call.
	 */
	bool printed_addresses;
};

struct log_debug;

/** Nothing is opened before the first report. */
struct pgr_error *log_debug_create(const struct log_debug_options *opts,
				   struct log_debug **ret);
void log_debug_destroy(struct log_debug *ld);

static inline void log_debug_destroyp(struct log_debug **ld)
{
	log_debug_destroy(*ld);
}

/**
 * Check the vmlinux against @p rec, then give its frames (the fault
 * site, the call trace, other tasks' and the object's stacks) their
 * sources.  PGR_ERROR_BAD_DATA when the report's kernel is another build
 * or the report does not say which build it is (unless forced), or when
 * the vmlinux cannot be read; frames whose function is not in the files
 * keep no source.
 */
struct pgr_error *log_debug_enrich(struct log_debug *ld,
				   struct crash_record *rec);

#endif
