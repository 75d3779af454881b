// SPDX-License-Identifier: GPL-2.0-or-later
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "guilty.h"
#include "input/oops.h"
#include "kb/cve.h"
#include "signature/version.h"

/* More than this is a long prose list, not the functions of a fix. */
enum { MAX_FUNCTIONS = 32, MAX_CRASHES = 8, MAX_FRAMES = 16 };

static inline void cjson_deletep(cJSON **j)
{
	cJSON_Delete(*j);
}

static const char *str_of(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool push(struct kb *kb, struct string_vector *v, const char *s,
		 size_t len)
{
	vector_for_each(char *const, have, v) {
		if (strlen(*have) == len && memcmp(*have, s, len) == 0)
			return true;
	}
	char *d = kb_strndup(kb, s, len);
	return d && string_vector_append(v, &d);
}

/* "In the Linux kernel, ... resolved:\n\nSUBJECT\n\n..." */
static char *subject_of(struct kb *kb, const char *desc, bool *oom)
{
	const char *p = strstr(desc, "resolved:");
	p = p ? p + strlen("resolved:") : desc;
	while (*p == '\n' || *p == '\r' || *p == ' ')
		p++;
	size_t len = strcspn(p, "\r\n");
	if (!len)
		return NULL;
	char *s = kb_strndup(kb, p, len);
	if (!s)
		*oom = true;
	return s;
}

/* Every "name()" of the message: the functions its author points at. */
static bool add_functions(struct kb *kb, struct kb_entry *e, const char *desc)
{
	for (const char *p = desc; (p = strstr(p, "()")); p += 2) {
		const char *start = p;
		while (start > desc && (isalnum((unsigned char)start[-1]) ||
					start[-1] == '_'))
			start--;
		if (start == p || isdigit((unsigned char)*start))
			continue;
		if (e->functions.size >= MAX_FUNCTIONS)
			break;
		if (!push(kb, &e->functions, start, p - start))
			return false;
	}
	return true;
}

static bool branch_of(const char *release, char *buf, size_t len)
{
	struct kernel_version v;
	if (!kernel_version_parse(release, &v))
		return false;
	kernel_version_branch(&v, buf, len);
	return true;
}

static struct kb_branch *branch_row(struct kb *kb, struct kb_entry *e,
				    const char *release, bool *oom)
{
	char name[24];
	if (!branch_of(release, name, sizeof(name)))
		return NULL;
	vector_for_each(struct kb_branch, b, &e->branches) {
		if (strcmp(b->branch, name) == 0)
			return b;
	}
	struct kb_branch *b = kb_branch_vector_append_entry(&e->branches);
	if (!b || !(b->branch = kb_strdup(kb, name))) {
		*oom = true;
		return NULL;
	}
	return b;
}

/*
 * The "versions" rows.  The kernel CNA writes one entry of git ranges
 * (introducing commit .. fixing commit, per branch) and one of semver
 * rows: "unaffected" below the introducing release, "unaffected" from a
 * branch's fixed release up to "X.Y.*", the mainline fix as
 * "original_commit_for_fix", and "affected" ranges for branches that got
 * the bug later than mainline.
 */
static bool add_versions(struct kb *kb, struct kb_entry *e,
			 const cJSON *versions)
{
	bool oom = false;
	const cJSON *v;
	cJSON_ArrayForEach(v, versions) {
		const char *ver = str_of(v, "version"),
			   *status = str_of(v, "status"),
			   *type = str_of(v, "versionType"),
			   *lt = str_of(v, "lessThan"),
			   *le = str_of(v, "lessThanOrEqual");
		if (!ver || !status)
			continue;
		bool affected = strcmp(status, "affected") == 0;
		if (type && strcmp(type, "git") == 0) {
			if (affected && lt && strlen(lt) >= 12 &&
			    !push(kb, &e->commits, lt, 12))
				return false;
		} else if (type && strcmp(type, "original_commit_for_fix") == 0) {
			if (!e->mainline_fix &&
			    !(e->mainline_fix = kb_strdup(kb, ver)))
				return false;
		} else if (affected && !lt && !le) {
			if (strcmp(ver, "0") != 0 && !e->introduced &&
			    !(e->introduced = kb_strdup(kb, ver)))
				return false;
		} else if (!affected && lt && strcmp(ver, "0") == 0) {
			if (!e->introduced && !(e->introduced = kb_strdup(kb, lt)))
				return false;
		} else if (!affected && le && strcmp(le, "*") != 0) {
			struct kb_branch *b = branch_row(kb, e, ver, &oom);
			if (b && !b->fixed && !(b->fixed = kb_strdup(kb, ver)))
				return false;
		} else if (affected && lt) {
			struct kb_branch *b = branch_row(kb, e, ver, &oom);
			if (b && !b->affected_from &&
			    !(b->affected_from = kb_strdup(kb, ver)))
				return false;
		}
		if (oom)
			return false;
	}
	return true;
}

static int branch_cmp(const void *a, const void *b)
{
	struct kernel_version va = { 0 }, vb = { 0 };
	kernel_version_parse(((const struct kb_branch *)a)->branch, &va);
	kernel_version_parse(((const struct kb_branch *)b)->branch, &vb);
	return kernel_version_cmp(&va, &vb);
}

static struct pgr_error *add_crash(struct kb *kb, struct kb_entry *e,
				   const struct crash_record *rec)
{
	const struct frame *g = crash_record_guilty(rec);
	/* Without a guilty frame the trace still identifies the report. */
	if ((!g || !g->normalized) && !rec->frames.size && !rec->has_fault)
		return NULL;
	struct kb_crash *c = kb_crash_vector_append_entry(&e->crashes);
	if (!c)
		return &pgr_enomem;
	c->kind = rec->kind;
	if ((g && g->normalized && !(c->guilty = kb_strdup(kb, g->normalized))) ||
	    (rec->has_fault && rec->fault.normalized &&
	     !(c->fault = kb_strdup(kb, rec->fault.normalized))) ||
	    (rec->source_file &&
	     !(c->site_file = kb_strdup(kb, rec->source_file))))
		return &pgr_enomem;
	c->site_line = rec->source_line.known ? rec->source_line.value : 0;
	size_t from = rec->guilty >= 0 ? (size_t)rec->guilty : 0;
	for (size_t i = from;
	     i < rec->frames.size && c->frames.size < MAX_FRAMES; i++) {
		const struct frame *f = &rec->frames.data[i];
		/* Entry and plumbing frames are shared by unrelated bugs. */
		if (!f->reliable || !f->normalized ||
		    infra_frame_group(rec->kind, f->normalized))
			continue;
		char *s = kb_strdup(kb, f->normalized);
		if (!s || !string_vector_append(&c->frames, &s))
			return &pgr_enomem;
	}
	return NULL;
}

static struct pgr_error *add_crashes(struct kb *kb, struct kb_entry *e,
				     const char *name, const char *desc,
				     const struct oops_patterns *patterns)
{
	_cleanup_fclose_ FILE *in = fmemopen((void *)desc, strlen(desc), "r");
	if (!in)
		return &pgr_enomem;
	struct oops_reader *reader;
	struct pgr_error *err = oops_reader_create(in, name, patterns, &reader);
	if (err)
		return err;
	while (!err && e->crashes.size < MAX_CRASHES) {
		struct crash_record rec;
		bool found;
		err = oops_reader_next(reader, &rec, &found);
		if (err || !found)
			break;
		err = add_crash(kb, e, &rec);
		crash_record_deinit(&rec);
	}
	oops_reader_destroy(reader);
	/* A quoted report the parser cannot finish still leaves the entry. */
	if (err && err->code != PGR_ERROR_NO_MEMORY) {
		pgr_error_destroy(err);
		err = NULL;
	}
	return err;
}

struct pgr_error *kb_add_cve(struct kb *kb, const char *name, const char *json,
			     const struct oops_patterns *patterns)
{
	_cleanup_(cjson_deletep) cJSON *root = cJSON_Parse(json);
	if (!root)
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s: not valid JSON", name);
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(root, "cveMetadata");
	const char *id = str_of(meta, "cveId");
	const cJSON *cna = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(root, "containers"), "cna");
	if (!id || !cna)
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s: no cveMetadata.cveId or containers.cna",
					name);
	const char *desc = str_of(
		cJSON_GetArrayItem(
			cJSON_GetObjectItemCaseSensitive(cna, "descriptions"), 0),
		"value");
	struct kb_entry *e = kb_add_entry(kb);
	if (!e || !(e->id = kb_strdup(kb, id)))
		return &pgr_enomem;
	bool oom = false;
	if (desc) {
		e->subject = subject_of(kb, desc, &oom);
		if (oom || !add_functions(kb, e, desc))
			return &pgr_enomem;
	}
	const cJSON *a;
	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(cna, "affected")) {
		const cJSON *f;
		cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(
					      a, "programFiles")) {
			if (cJSON_IsString(f) &&
			    !push(kb, &e->files, f->valuestring,
				  strlen(f->valuestring)))
				return &pgr_enomem;
		}
		if (!add_versions(kb, e, cJSON_GetObjectItemCaseSensitive(
						 a, "versions")))
			return &pgr_enomem;
	}
	/* Oldest branch first, whatever order the record lists them in. */
	qsort(e->branches.data, e->branches.size, sizeof(*e->branches.data),
	      branch_cmp);
	return desc ? add_crashes(kb, e, name, desc, patterns) : NULL;
}
