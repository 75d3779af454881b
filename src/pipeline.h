// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * The analysis of one input, shared by every command, one stage after
 * the other: input adapter (a log's text; a dump's memory and kernel log,
 * vmcore/source.h) -> the oops parser's crash record (input/oops.h) ->
 * enrichment steps (enrich/: a dump's facts, kernel, task stacks, page
 * forensics and frames; a log's source lines) -> known bugs (kb/) ->
 * signature engine and bucket (signature/) -> a report handed to a sink,
 * whose renderer (render/) writes it.
 */
#ifndef PGR_PIPELINE_H
#define PGR_PIPELINE_H

#include <stdio.h>

#include "error.h"
#include "input/detect.h"
#include "kb/kb.h"
#include "record.h"
#include "signature/bucket.h"
#include "signature/engine.h"

struct report {
	/** 1-based position of the report in its input. */
	size_t index;
	struct crash_record rec;
	struct verdict_vector verdicts;
	struct bucket bucket;
	/** Known bugs like this one, from the CVE records; best first. */
	struct kb_candidate known_bugs[KB_MAX_CANDIDATES];
	size_t known_bugs_count;
};

/** Where reports go; emit must not keep pointers into the report. */
struct report_sink {
	struct pgr_error *(*emit)(struct report_sink *sink,
				  const struct report *report);
};

struct oops_patterns;
struct log_debug;

struct analysis_options {
	const struct rule_set *rules;
	/** Keep verdicts of rejected rules (level NONE) too. */
	bool include_rejected;
	/* vmcore inputs: see enrich/dump.h. */
	/** --vmlinux: the dumps' vmlinux; NULL: found from OSRELEASE. */
	const char *vmlinux;
	/** --module-debug: directory of modules' .ko files, or NULL. */
	const char *module_debug;
	/** --debug-root: where vmlinux is looked for instead of "/". */
	const char *debug_root;
	/** --no-vmlinux: read symbols, types and ORC from the dump only. */
	bool no_vmlinux;
	/** Where warnings about partly unreadable dumps go, or NULL. */
	FILE *warnings;
	/**
	 * The oops parser's compiled patterns, shared by every input's
	 * reader; NULL: each reader compiles its own.
	 */
	const struct oops_patterns *oops_patterns;
	/** Known bugs to match every report against, or NULL. */
	const struct kb *known_bugs;
	/**
	 * Debug info (--vmlinux, --module-debug) that gives the frames of
	 * log reports their source lines, or NULL.
	 */
	struct log_debug *log_debug;
};

/** Analyse console text from @p in, named @p name in records. */
struct pgr_error *analyze_log_stream(FILE *in, const char *name,
				     const struct analysis_options *opts,
				     struct report_sink *sink,
				     size_t *count_ret);

/**
 * Analyse the file @p path ("-" is standard input, read as a log).
 * Errors name the file and the problem: an empty, binary or unsupported
 * input is PGR_ERROR_BAD_DATA or PGR_ERROR_UNSUPPORTED.
 */
struct pgr_error *analyze_path(const char *path,
			       const struct analysis_options *opts,
			       struct report_sink *sink, size_t *count_ret);

/** analyze_path() for a file whose type the caller already detected. */
struct pgr_error *analyze_typed_path(const char *path, enum input_type type,
				     const struct analysis_options *opts,
				     struct report_sink *sink, size_t *count_ret);

struct vmcore_options;

/** The dump's kernel log as dmesg prints it (--kernel-log). */
struct pgr_error *print_kernel_log(const char *path, FILE *out);

/** What the dump says about itself (--dump-info), render/dump.h. */
struct pgr_error *print_dump_info(const char *path,
				  const struct vmcore_options *opts, FILE *out);

#endif
