// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * JSON rendering: the only place that writes output JSON; unknown facts
 * are null, never false.  Reports stream out as they come
 * (render/json_writer.h).
 *
 * Two shapes of a report: self-contained, each verdict and known bug
 * with its rule's or CVE's texts (a triage line,
 * schema/pagerace-report-1.schema.json: one line is one bug-tracker
 * item), and in a document (analyze --format json,
 * schema/pagerace-analyze-2.schema.json), where verdicts name their rule
 * and known bugs their CVE, and the texts are written once, in the
 * document's "rules" and "known_bugs".
 */
#ifndef PGR_RENDER_JSON_H
#define PGR_RENDER_JSON_H

#include <cjson/cJSON.h>

#include "error.h"
#include "kb/kb.h"
#include "pipeline.h"
#include "render/json_writer.h"
#include "signature/rules.h"

/** Version of the report and summary schemas. */
#define PGR_JSON_SCHEMA_VERSION 1
/** Version of the analyze document's schema. */
#define PGR_ANALYZE_SCHEMA_VERSION 2

/** What a document's reports refer to. */
struct json_document {
	const struct rule_set *rules;
	const struct kb *kb;
	/**
	 * One byte per known-bugs entry, set when a report names it.  Shared
	 * with the children that read vmcores (they fork), so that their
	 * reports' entries are listed too.
	 */
	unsigned char *kb_used;
	size_t kb_size;
};

/** @p kb may be NULL. */
struct pgr_error *json_document_init(struct json_document *doc,
				     const struct rule_set *rules,
				     const struct kb *kb);
void json_document_deinit(struct json_document *doc);

/**
 * One report; with @p doc, in the document's shape (texts left to
 * json_write_rules() and json_write_known_bugs()), else self-contained.
 */
void json_write_report(struct json_writer *w, const struct report *report,
		       struct json_document *doc);
/** "rules": every rule of the document, by id. */
void json_write_rules(struct json_writer *w, const struct json_document *doc);
/** "known_bugs": the entries the document's reports named, by CVE id. */
void json_write_known_bugs(struct json_writer *w,
			   const struct json_document *doc);
/** One rule (for "signatures show --format json"). */
void json_write_rule(struct json_writer *w, const char *key,
		     const struct rule *rule);

/** An input that failed, as the document's "errors" lists it. */
struct json_input_error {
	const char *input;
	char *message;
};

/**
 * The analyze document: its head (schema and program versions, the rules'
 * hash, "rules") and, after the reports (json_write_document_report()),
 * its tail ("known_bugs", "errors").
 */
void json_write_document_begin(FILE *out, const struct json_document *doc,
			       const char *pagerace_version);
/** The @p n th report (0-based) of the document. */
void json_write_document_report(FILE *out, struct json_document *doc,
				const struct report *report, size_t n);
void json_write_document_end(FILE *out, const struct json_document *doc,
			     const struct json_input_error *errors,
			     size_t nerrors);

/** A self-contained report as a cJSON tree (triage lines); NULL on ENOMEM. */
cJSON *json_report(const struct report *report);

#endif
