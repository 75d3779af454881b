// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * A vmcore in, one crash record out: open the dump, read its kernel log
 * and parse the panic's oops from it, then (when a matching vmlinux is
 * available) let the kernel half walk tasks, stacks and pages.
 */
#ifndef PGR_VMCORE_ANALYZE_H
#define PGR_VMCORE_ANALYZE_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"
#include "record.h"

struct oops_patterns;

struct vmcore_options {
	/** The dump's vmlinux; NULL: look for it from OSRELEASE. */
	const char *vmlinux;
	/** Directory of modules' .ko files with debug info, or NULL. */
	const char *module_debug;
	/** Prefix of the places vmlinux is looked for (tests); NULL: "/". */
	const char *debug_root;
	/**
	 * Use no vmlinux even when one is found: symbols, types and unwind
	 * tables come from the dump (--no-vmlinux).
	 */
	bool no_vmlinux;
	/**
	 * Where warnings go ("pagerace: warning: ..."): a missing vmlinux,
	 * parts of the dump that could not be read.  NULL drops them; the
	 * record lists them as findings anyway.
	 */
	FILE *warnings;
	/** Shared patterns for parsing the dump's log; NULL: compiled here. */
	const struct oops_patterns *oops_patterns;
};

/**
 * Analyse the dump at @p path into @p ret (initialised here; the caller
 * deinitialises it, also on error).  Only a dump that cannot be opened
 * at all (not a dump, truncated header, no VMCOREINFO, memory unreadable)
 * or an explicit --vmlinux that does not match is an error; anything
 * else unreadable becomes a warning and a "vmcore-unread" finding naming
 * it, and the record is as complete as the rest allows.
 */
struct pgr_error *vmcore_analyze(const char *path,
				 const struct vmcore_options *opts,
				 struct crash_record *ret);

/**
 * Print the dump's kernel log as dmesg would (timestamps, and caller ids
 * when @p caller_id).
 */
struct pgr_error *vmcore_print_log(const char *path, bool caller_id,
				   FILE *out);

/**
 * Print what the dump says about itself, one "key: value" line each
 * (format, arch, release, build-id, kaslr-offset, page-size, cpus,
 * crash-time, crashed-cpu), and which vmlinux matches it.
 */
struct pgr_error *vmcore_print_info(const char *path,
				    const struct vmcore_options *opts,
				    FILE *out);

#endif
