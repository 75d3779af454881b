// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "json_number.h"
#include "json_syntax.h"
#include "render/json.h"
#include "report_read.h"
#include "report_read_priv.h"
#include "util.h"

/* Documents. */

static void cjson_deletep(cJSON **p)
{
	cJSON_Delete(*p);
}

static void analyze_doc_init(struct analyze_doc *doc)
{
	*doc = (struct analyze_doc){ 0 };
	report_texts_init(&doc->texts);
}

void analyze_doc_deinit(struct analyze_doc *doc)
{
	vector_for_each(struct report, r, &doc->reports)
		report_deinit(r);
	report_vector_deinit(&doc->reports);
	vector_for_each(struct doc_error, e, &doc->errors) {
		free(e->input);
		free(e->message);
	}
	doc_error_vector_deinit(&doc->errors);
	free(doc->pagerace_version);
	report_texts_deinit(&doc->texts);
}

static struct pgr_error *read_header(const cJSON *root, struct analyze_doc *doc)
{
	const cJSON *schema =
		cJSON_GetObjectItemCaseSensitive(root, "schema_version");
	const cJSON *version =
		cJSON_GetObjectItemCaseSensitive(root, "pagerace_version");
	const cJSON *hash =
		cJSON_GetObjectItemCaseSensitive(root, "signatures_hash");
	uint64_t n;
	if (!json_whole_number(schema, 0, JSON_NUMBER_EXACT_MAX, &n))
		return pgr_error_create(
			PGR_ERROR_BAD_DATA,
			"not an analyze document (no schema_version)");
	if (n != PGR_ANALYZE_SCHEMA_VERSION)
		return pgr_error_format(PGR_ERROR_UNSUPPORTED,
					"schema_version %" PRIu64
					" (this version reads %d)",
					n, PGR_ANALYZE_SCHEMA_VERSION);
	char *end;
	if (!cJSON_IsString(version) || !cJSON_IsString(hash) ||
	    strlen(hash->valuestring) != 16)
		return pgr_error_create(
			PGR_ERROR_BAD_DATA,
			"pagerace_version or signatures_hash is not a string");
	doc->texts.rules.hash = strtoull(hash->valuestring, &end, 16);
	if (*end)
		return pgr_error_create(PGR_ERROR_BAD_DATA,
					"signatures_hash is not 16 hex digits");
	doc->pagerace_version = strdup(version->valuestring);
	return doc->pagerace_version ? NULL : &pgr_enomem;
}

static struct pgr_error *read_errors(const cJSON *root, struct analyze_doc *doc)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "errors"),
		    *item;
	if (!cJSON_IsArray(arr))
		return pgr_error_create(PGR_ERROR_BAD_DATA,
					"\"errors\" is not an array");
	cJSON_ArrayForEach(item, arr) {
		const char *input = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(item, "input"));
		const char *message = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(item, "error"));
		if (!input || !message)
			return pgr_error_create(
				PGR_ERROR_BAD_DATA,
				"an error names no input or error");
		struct doc_error *e =
			doc_error_vector_append_entry(&doc->errors);
		if (!e || !(e->input = strdup(input)) ||
		    !(e->message = strdup(message)))
			return &pgr_enomem;
	}
	return NULL;
}

static struct pgr_error *read_doc(const cJSON *root, struct analyze_doc *doc)
{
	struct pgr_error *err;
	if (!cJSON_IsObject(root))
		return pgr_error_create(
			PGR_ERROR_BAD_DATA,
			"not an analyze document (not a JSON object)");
	if ((err = read_header(root, doc)) ||
	    (err = report_texts_read(&doc->texts, root)) ||
	    (err = read_errors(root, doc)))
		return err;
	const cJSON *reports =
			    cJSON_GetObjectItemCaseSensitive(root, "reports"),
		    *item;
	if (!cJSON_IsArray(reports))
		return pgr_error_create(PGR_ERROR_BAD_DATA,
					"\"reports\" is not an array");
	size_t n = 0;
	cJSON_ArrayForEach(item, reports) {
		struct report *r = report_vector_append_entry(&doc->reports);
		if (!r)
			return &pgr_enomem;
		n++;
		if ((err = report_read(item, &doc->texts, NULL, r)))
			return pgr_error_prefix(err, "report %zu", n);
	}
	return NULL;
}

struct pgr_error *analyze_doc_parse(const char *text, size_t len,
				    const char *name, struct analyze_doc *ret)
{
	analyze_doc_init(ret);
	// cJSON's NULL is bad syntax or no memory: tell them apart first.
	if (!json_syntax_valid(text, len))
		return pgr_error_format(PGR_ERROR_BAD_DATA, "%s: not JSON",
					name);
	size_t qlen;
	_cleanup_free_ char *quoted = rd_quote_big_numbers(text, len, &qlen);
	if (!quoted)
		return &pgr_enomem;
	_cleanup_(cjson_deletep)
		cJSON *root = cJSON_ParseWithLength(quoted, qlen);
	if (!root)
		return &pgr_enomem;
	struct pgr_error *err = read_doc(root, ret);
	return err ? pgr_error_prefix(err, "%s", name) : NULL;
}

struct pgr_error *analyze_doc_read(const char *path, struct analyze_doc *ret)
{
	_cleanup_free_ char *buf = NULL;
	size_t len;
	struct pgr_error *err = read_file(path, ANALYZE_DOC_MAX, &buf, &len);
	if (err) {
		analyze_doc_init(ret);
		return err;
	}
	return analyze_doc_parse(buf, len, path, ret);
}

struct pgr_error *analyze_doc_write(FILE *out, const struct analyze_doc *doc)
{
	_cleanup_(json_document_deinit) struct json_document jdoc;
	struct pgr_error *err =
		json_document_init(&jdoc, &doc->texts.rules, &doc->texts.kb);
	if (err)
		return err;
	json_write_document_begin(out, &jdoc, doc->pagerace_version);
	for (size_t i = 0; i < doc->reports.size; i++)
		json_write_document_report(out, &jdoc, &doc->reports.data[i],
					   i);
	// The document's errors, in the writer's type.
	_cleanup_free_ struct json_input_error *errors =
		calloc(doc->errors.size + 1, sizeof(*errors));
	if (!errors)
		return &pgr_enomem;
	for (size_t i = 0; i < doc->errors.size; i++)
		errors[i] = (struct json_input_error){
			doc->errors.data[i].input, doc->errors.data[i].message
		};
	json_write_document_end(out, &jdoc, errors, doc->errors.size);
	return NULL;
}
