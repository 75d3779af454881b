// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * The enrichment steps of a dump's crash record, which the pipeline calls
 * in this order after the oops parser read the record from the dump's
 * log: the dump's facts, its kernel (vmlinux or the dump alone), every
 * task's stack, page and mapping forensics, the log's frames from the
 * unwound ones (enrich/frames.h), and the title of a crash the log did
 * not report.
 *
 * Only running out of memory (or an explicit --vmlinux that does not
 * match) fails a step: anything unreadable becomes a warning and a
 * "vmcore-unread" finding naming it, and the record is as complete as
 * the rest allows.
 */
#ifndef PGR_ENRICH_DUMP_H
#define PGR_ENRICH_DUMP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "record.h"
#include "vmcore/source.h"

struct vmcore_kernel;

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
};

/** One dump's record being enriched. */
struct dump_enrichment {
	const struct vmcore_options *opts;
	struct vmcore_source *src;
	struct crash_record *rec;
	/** The log held the crash's report (oops_panic_report()). */
	bool from_log;
	/** The dump's kernel once enrich_dump_kernel() opened it, or NULL. */
	struct vmcore_kernel *kernel;
};

/** Close the kernel the steps opened. */
void dump_enrichment_deinit(struct dump_enrichment *e);

/**
 * The dump's own facts: an incomplete dump and an unreadable log (taken
 * from the source) as findings, the record's source, input, release and
 * arch, the log's page blocks marked as such, and the crashed CPU from
 * the dump's notes.
 */
struct pgr_error *enrich_dump_facts(struct dump_enrichment *e);

/**
 * The dump's kernel: its vmlinux (found, given or none) and the
 * symbols, types and unwind tables read with it or from the dump alone,
 * and the modules' debug info.
 */
struct pgr_error *enrich_dump_kernel(struct dump_enrichment *e);

/** The crashed CPU from panic_cpu, and every task's stack. */
struct pgr_error *enrich_task_stacks(struct dump_enrichment *e);

/** The struct pages of the record, and their mappings, from memory. */
struct pgr_error *enrich_page_forensics(struct dump_enrichment *e);

/** Without a report from the log, the unwound frames name the crash. */
struct pgr_error *enrich_dump_title(struct dump_enrichment *e);

/** One CPU's state as the dump's notes give it. */
struct dump_cpu {
	unsigned int cpu;
	int64_t pid;
	uint64_t rip;
};

/** What a dump says about itself, for --dump-info. */
struct dump_description {
	const char *path;
	const struct vmcore_facts *facts;
	/** The first 64 CPUs whose pid and rip the notes give. */
	struct dump_cpu cpus[64];
	unsigned int ncpus;
	/** The vmlinux that matches the dump, or NULL: see vmlinux_err. */
	const char *vmlinux;
	struct pgr_error *vmlinux_err;
	char *found;
};

/** Describe the dump of @p src; deinitialise @p ret also on error. */
struct pgr_error *dump_describe(struct vmcore_source *src,
				const struct vmcore_options *opts,
				struct dump_description *ret);
void dump_description_deinit(struct dump_description *d);

#endif
