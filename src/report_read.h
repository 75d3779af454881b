// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * The reports render/json.h writes, read back into struct report, so that
 * everything after the analysis (triage's cache and workers, merge, the
 * renderers) works on the in-memory report and write -> read -> write
 * gives the same bytes.
 *
 * A report points at its rules and known bugs.  Read back, those are
 * rebuilt from the texts the JSON carries (struct report_texts): the
 * document's "rules" and "known_bugs" for a report of an analyze
 * document (schema/pagerace-analyze-2.schema.json), or the texts inlined
 * into each verdict and known bug of a self-contained report (a triage
 * line, schema/pagerace-report-1.schema.json).  Rebuilt rules carry what
 * the JSON says of them (no regexes: they evaluate nothing).
 *
 * Anything that is not what the writer makes is PGR_ERROR_BAD_DATA with
 * a message naming the field.
 */
#ifndef PGR_REPORT_READ_H
#define PGR_REPORT_READ_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "error.h"
#include "kb/kb.h"
#include "pipeline.h"
#include "signature/rules.h"

/** Rules and known-bugs entries rebuilt from JSON; reports point into it. */
struct report_texts {
	struct pgr_arena arena;
	struct rule_set rules;
	/** Only its entries are used. */
	struct kb kb;
};

void report_texts_init(struct report_texts *t);
void report_texts_deinit(struct report_texts *t);

/** The "rules" and "known_bugs" of the analyze document @p doc. */
struct pgr_error *report_texts_read(struct report_texts *t, const cJSON *doc);

/**
 * Read the report @p obj into @p ret (initialised here; free it with
 * report_deinit() even on error).  With @p doc (report_texts_read()), in
 * the document's shape; without, self-contained, and its rules and
 * entries are rebuilt into @p own, which must outlive @p ret.
 */
struct pgr_error *report_read(const cJSON *obj, const struct report_texts *doc,
			      struct report_texts *own, struct report *ret);

void report_deinit(struct report *report);

DEFINE_VECTOR(report_vector, struct report)

/** An input an analyze document says failed. */
struct doc_error {
	char *input, *message;
};
DEFINE_VECTOR(doc_error_vector, struct doc_error)

/** An analyze document, read whole. */
struct analyze_doc {
	char *pagerace_version;
	struct report_texts texts;
	struct report_vector reports;
	struct doc_error_vector errors;
};

/** Largest analyze document read: its tree costs a few times its size. */
#define ANALYZE_DOC_MAX ((size_t)256 << 20)

/**
 * Read the analyze document in @p text (@p len bytes) into @p ret (free
 * it with analyze_doc_deinit() even on error); errors name @p name.
 */
struct pgr_error *analyze_doc_parse(const char *text, size_t len,
				    const char *name, struct analyze_doc *ret);
/** analyze_doc_parse() of the file @p path. */
struct pgr_error *analyze_doc_read(const char *path, struct analyze_doc *ret);
void analyze_doc_deinit(struct analyze_doc *doc);

/** Write @p doc as "analyze --format json" does. */
struct pgr_error *analyze_doc_write(FILE *out, const struct analyze_doc *doc);

#endif
