// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "json_number.h"
#include "report_read.h"
#include "report_read_priv.h"

static const char *level_name(int i)
{
	return verdict_level_name(i);
}

static const char *outcome_of(int i)
{
	return outcome_name(i);
}

static const char *cond_type_name(int i)
{
	return condition_type_key(i);
}

static const char *strength_name(int i)
{
	return kb_strength_name(i);
}

/* In enum kb_version_state's order, as render/json.c writes them. */
static const char *version_state_name(int i)
{
	static const char *const names[] = { "unknown", "before_bug",
					     "affected", "has_fix" };
	return names[i];
}

/* Texts: rules and entries, rebuilt. */

void report_texts_init(struct report_texts *t)
{
	*t = (struct report_texts){ 0 };
	pgr_arena_init(&t->arena);
	rule_set_init(&t->rules);
}

static void rule_free(struct rule *r)
{
	vector_for_each(struct condition, c, &r->conditions)
		string_vector_deinit(&c->names);
	condition_vector_deinit(&r->conditions);
	string_vector_deinit(&r->fixed);
	string_vector_deinit(&r->references);
	vector_for_each(struct fix_commit, c, &r->commits)
		string_vector_deinit(&c->stable);
	fix_commit_vector_deinit(&r->commits);
	vector_for_each(struct actor, a, &r->actors)
		string_vector_deinit(&a->frames_any);
	actor_vector_deinit(&r->actors);
	race_step_vector_deinit(&r->steps);
	free(r);
}

void report_texts_deinit(struct report_texts *t)
{
	vector_for_each(struct rule *, r, &t->rules.rules)
		rule_free(*r);
	rule_ptr_vector_deinit(&t->rules.rules);
	vector_for_each(struct kb_entry, e, &t->kb.entries) {
		string_vector_deinit(&e->commits);
		string_vector_deinit(&e->files);
	}
	kb_entry_vector_deinit(&t->kb.entries);
	pgr_arena_deinit(&t->arena);
}

static struct rule *new_rule(struct rd *rd, struct report_texts *t)
{
	struct rule *r = calloc(1, sizeof(*r));
	if (!r || !rule_ptr_vector_append(&t->rules.rules, &r)) {
		free(r);
		rd_nomem(rd);
		return NULL;
	}
	return r;
}

static bool read_fix(struct rd *rd, const cJSON *obj, struct rule *r)
{
	const cJSON *fix, *commits, *c;
	if (!rd_object(rd, obj, "fix", &fix) ||
	    !rd_array(rd, fix, "commits", &commits))
		return false;
	cJSON_ArrayForEach(c, commits) {
		struct fix_commit *fc =
			fix_commit_vector_append_entry(&r->commits);
		if (!fc)
			return rd_nomem(rd);
		if (!rd_str(rd, c, "id", &fc->id) ||
		    !rd_str(rd, c, "title", &fc->title) ||
		    !rd_str(rd, c, "release", &fc->release))
			return false;
	}
	return rd_str(rd, fix, "change", &r->fix_change) &&
	       rd_str(rd, fix, "workaround", &r->workaround) &&
	       rd_strings(rd, fix, "fixed_in", &r->fixed) &&
	       rd_str(rd, fix, "introduced", &r->introduced) &&
	       rd_str(rd, obj, "root_cause", &r->root_cause) &&
	       rd_strings(rd, obj, "references", &r->references);
}

/* A condition's text as the rule says (render/json.c's write_condition_text). */
static bool read_condition(struct rd *rd, const cJSON *obj, struct condition *c)
{
	int type;
	const cJSON *weight = rd_member(rd, obj, "weight");
	if (!weight)
		return false;
	if (!cJSON_IsNumber(weight))
		return rd_bad(rd, "weight", "a number");
	c->weight = weight->valuedouble;
	if (!rd_name(rd, obj, "type", cond_type_name, COND_TYPE_COUNT, &type) ||
	    !rd_bool(rd, obj, "required", &c->required) ||
	    !rd_bool(rd, obj, "decisive", &c->decisive) ||
	    !rd_str(rd, obj, "expect", &c->source_json) ||
	    !rd_str(rd, obj, "why", &c->why))
		return false;
	c->type = type;
	return true;
}

static bool read_rule(struct rd *rd, const char *id, const cJSON *obj,
		      struct report_texts *t)
{
	const cJSON *race, *conds, *item;
	struct rule *r = new_rule(rd, t);
	if (!r || !rd_text(rd, obj, "id", &r->id) ||
	    !rd_str(rd, obj, "bug", &r->bug) ||
	    !rd_str(rd, obj, "title", &r->title) ||
	    !rd_str(rd, obj, "subsystem", &r->subsystem) ||
	    !rd_str(rd, obj, "path", &r->path) || !read_fix(rd, obj, r) ||
	    !rd_array(rd, obj, "race", &race) ||
	    !rd_array(rd, obj, "conditions", &conds))
		return false;
	if (strcmp(id, r->id))
		return rd_bad(rd, "id", "the rule's key");
	cJSON_ArrayForEach(item, race) {
		struct race_step *s = race_step_vector_append_entry(&r->steps);
		if (!s)
			return rd_nomem(rd);
		if (!rd_str(rd, item, "actor", &s->actor) ||
		    !rd_str(rd, item, "does", &s->does))
			return false;
	}
	cJSON_ArrayForEach(item, conds) {
		struct condition *c =
			condition_vector_append_entry(&r->conditions);
		if (!c)
			return rd_nomem(rd);
		if (!read_condition(rd, item, c))
			return false;
	}
	return true;
}

static bool read_kb_entry(struct rd *rd, const cJSON *obj, struct kb_entry *e)
{
	return rd_str(rd, obj, "subject", &e->subject) &&
	       rd_str(rd, obj, "fixed_in", &e->mainline_fix) &&
	       rd_strings(rd, obj, "fix_commits", &e->commits) &&
	       rd_strings(rd, obj, "files", &e->files);
}

struct pgr_error *report_texts_read(struct report_texts *t, const cJSON *doc)
{
	struct rd rd = { .arena = &t->arena };
	const cJSON *rules, *kb, *item;
	if (!rd_object(&rd, doc, "rules", &rules))
		return rd_error(&rd, "the document");
	cJSON_ArrayForEach(item, rules) {
		if (!read_rule(&rd, item->string, item, t))
			return rd_error(&rd, "rules");
	}
	if (!rd_object(&rd, doc, "known_bugs", &kb))
		return rd_error(&rd, "the document");
	cJSON_ArrayForEach(item, kb) {
		struct kb_entry *e =
			kb_entry_vector_append_entry(&t->kb.entries);
		if (!e)
			return &pgr_enomem;
		if (!rd_dup_into(&rd, item->string, &e->id) ||
		    !read_kb_entry(&rd, item, e))
			return rd_error(&rd, "known_bugs");
	}
	return NULL;
}

/* Verdicts. */

struct report_rd {
	struct rd rd;
	const struct report_texts *doc;
	struct report_texts *own;
};

/* The rule of a verdict: the document's, or rebuilt from its texts. */
static const struct rule *verdict_rule(struct report_rd *r, const cJSON *obj)
{
	struct rd *rd = &r->rd;
	char *id;
	if (!rd_text(rd, obj, "signature", &id))
		return NULL;
	if (r->doc) {
		const struct rule *rule = rule_set_find(&r->doc->rules, id);
		if (!rule)
			rd_bad(rd, "signature", "a rule of the document");
		return rule;
	}
	struct rule *rule = new_rule(rd, r->own);
	if (!rule)
		return NULL;
	rule->id = id;
	if (!rd_str(rd, obj, "bug", &rule->bug) ||
	    !rd_str(rd, obj, "title", &rule->title) ||
	    !rd_str(rd, obj, "subsystem", &rule->subsystem) ||
	    !read_fix(rd, obj, rule))
		return NULL;
	return rule;
}

static bool read_result(struct report_rd *r, const cJSON *obj,
			const struct rule *rule, struct verdict *v)
{
	struct rd *rd = &r->rd;
	struct condition_result *res =
		condition_result_vector_append_entry(&v->results);
	int type, outcome;
	if (!res)
		return rd_nomem(rd);
	if (!rd_name(rd, obj, "type", cond_type_name, COND_TYPE_COUNT, &type) ||
	    !rd_name(rd, obj, "outcome", outcome_of, 3, &outcome) ||
	    !rd_heap_str(rd, obj, "fact", &res->fact))
		return false;
	res->outcome = outcome;
	if (r->doc) {
		uint64_t i;
		if (!rule->conditions.size ||
		    !json_whole_number(rd_member(rd, obj, "condition"), 0,
				       rule->conditions.size - 1, &i) ||
		    rule->conditions.data[i].type != (enum condition_type)type)
			return rd_bad(rd, "condition",
				      "a condition of its rule");
		res->cond = &rule->conditions.data[i];
		return true;
	}
	// Self-contained: the rule is rebuilt one condition at a time.
	struct rule *own = (struct rule *)rule;
	struct condition *c = condition_vector_append_entry(&own->conditions);
	if (!c)
		return rd_nomem(rd);
	if (!read_condition(rd, obj, c))
		return false;
	// Appending may move the conditions: point the results again.
	for (size_t i = 0; i < v->results.size; i++)
		v->results.data[i].cond = &own->conditions.data[i];
	return true;
}

static bool read_actor(struct report_rd *r, const cJSON *obj, struct verdict *v)
{
	struct rd *rd = &r->rd;
	struct actor_binding *b = actor_binding_vector_append_entry(&v->actors);
	struct actor *a = pgr_arena_alloc(rd->arena, sizeof(*a));
	if (!b || !a)
		return rd_nomem(rd);
	*a = (struct actor){ 0 };
	b->actor = a;
	return rd_str(rd, obj, "name", &a->name) &&
	       rd_str(rd, obj, "role", &a->role) &&
	       rd_bool(rd, obj, "seen", &b->bound) &&
	       rd_heap_str(rd, obj, "comm", &b->comm) &&
	       rd_known_int(rd, obj, "pid", &b->pid) &&
	       rd_heap_str(rd, obj, "where", &b->where);
}

static bool read_verdict(struct report_rd *r, const cJSON *obj, bool nearest,
			 struct verdict *v)
{
	struct rd *rd = &r->rd;
	const cJSON *conds, *actors, *item;
	int level, before;
	if (!cJSON_IsObject(obj))
		return rd_bad(rd, "verdicts", "an array of objects");
	const struct rule *rule = verdict_rule(r, obj);
	if (!rule)
		return false;
	v->rule = rule;
	v->nearest = nearest;
	if (!rd_name(rd, obj, "level", level_name, VERDICT_CONFIRMED + 1,
		     &level) ||
	    !rd_name(rd, obj, "level_before_version", level_name,
		     VERDICT_CONFIRMED + 1, &before) ||
	    !rd_int(rd, obj, "score", &v->score) ||
	    !rd_heap_str(rd, obj, "version_note", &v->version_note) ||
	    !rd_array(rd, obj, "conditions", &conds) ||
	    !rd_array(rd, obj, "actors", &actors))
		return false;
	v->level = level;
	v->level_before_version = before;
	cJSON_ArrayForEach(item, conds) {
		if (!read_result(r, item, rule, v))
			return false;
	}
	cJSON_ArrayForEach(item, actors) {
		if (!read_actor(r, item, v))
			return false;
	}
	if (!nearest)
		return true;
	char *reason;
	if (!rd_str(rd, obj, "none_reason", &reason))
		return false;
	v->none_reason = reason;
	return true;
}

static bool read_verdicts(struct report_rd *r, const cJSON *obj,
			  struct report *report)
{
	struct rd *rd = &r->rd;
	const cJSON *arr, *item;
	if (!rd_array(rd, obj, "verdicts", &arr))
		return false;
	const cJSON *nearest = cJSON_GetObjectItemCaseSensitive(obj, "nearest");
	if (nearest && !cJSON_IsArray(nearest))
		return rd_bad(rd, "nearest", "an array");
	for (int pass = 0; pass < 2; pass++) {
		const cJSON *list = pass ? nearest : arr;
		cJSON_ArrayForEach(item, list) {
			struct verdict *v =
				verdict_vector_append_entry(&report->verdicts);
			if (!v)
				return rd_nomem(rd);
			if (!read_verdict(r, item, pass, v))
				return false;
		}
	}
	return true;
}

static const struct kb_entry *known_bug_entry(struct report_rd *r,
					      const cJSON *obj)
{
	struct rd *rd = &r->rd;
	char *id;
	if (!rd_text(rd, obj, "cve", &id))
		return NULL;
	if (r->doc) {
		vector_for_each(const struct kb_entry, e, &r->doc->kb.entries) {
			if (strcmp(e->id, id) == 0)
				return e;
		}
		rd_bad(rd, "cve", "an entry of the document's known_bugs");
		return NULL;
	}
	struct kb_entry *e = kb_entry_vector_append_entry(&r->own->kb.entries);
	if (!e) {
		rd_nomem(rd);
		return NULL;
	}
	e->id = id;
	return read_kb_entry(rd, obj, e) ? e : NULL;
}

static bool read_known_bugs(struct report_rd *r, const cJSON *obj,
			    struct report *report)
{
	struct rd *rd = &r->rd;
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, "known_bugs"),
		    *item;
	if (!arr)
		return true;
	int n = cJSON_GetArraySize(arr);
	if (!cJSON_IsArray(arr) || n == 0 || n > KB_MAX_CANDIDATES)
		return rd_bad(rd, "known_bugs", "an array of 1 to 5 entries");
	// Entries are appended as they come: look them up after.
	size_t first = r->own ? r->own->kb.entries.size : 0;
	cJSON_ArrayForEach(item, arr) {
		struct kb_candidate *c =
			&report->known_bugs[report->known_bugs_count++];
		int strength, state;
		if (!(c->entry = known_bug_entry(r, item)) ||
		    !rd_name(rd, item, "strength", strength_name, 3,
			     &strength) ||
		    !rd_int(rd, item, "score", &c->score) ||
		    !rd_copy_text(rd, item, "agrees", c->why, sizeof(c->why)) ||
		    !rd_name(rd, item, "version_state", version_state_name, 4,
			     &state) ||
		    !rd_copy_text(rd, item, "version", c->version_text,
				  sizeof(c->version_text)))
			return false;
		c->strength = strength;
		c->version_state = state;
	}
	// Appending may have moved the rebuilt entries.
	for (size_t i = 0; !r->doc && i < report->known_bugs_count; i++)
		report->known_bugs[i].entry =
			&r->own->kb.entries.data[first + i];
	return true;
}

static bool read_report(struct report_rd *r, const cJSON *obj,
			struct report *report)
{
	struct rd *rd = &r->rd;
	struct crash_record *rec = &report->rec;
	const cJSON *lines, *bucket, *raw;
	uint64_t index, first, last;
	if (!cJSON_IsObject(obj))
		return rd_bad(rd, "report", "an object");
	if (!rd_text(rd, obj, "input", &rec->input) ||
	    !rd_array(rd, obj, "lines", &lines) ||
	    !rd_object(rd, obj, "bucket", &bucket))
		return false;
	if (!json_whole_number(rd_member(rd, obj, "index"), 1,
			       JSON_NUMBER_EXACT_MAX, &index))
		return rd_bad(rd, "index", "a whole index >= 1");
	if (cJSON_GetArraySize(lines) != 2 ||
	    !json_whole_number(cJSON_GetArrayItem(lines, 0), 0,
			       JSON_NUMBER_EXACT_MAX, &first) ||
	    !json_whole_number(cJSON_GetArrayItem(lines, 1), 0,
			       JSON_NUMBER_EXACT_MAX, &last))
		return rd_bad(rd, "lines", "[first, last]");
	report->index = index;
	rec->first_line = first;
	rec->last_line = last;
	if (!rd_record(rd, rd_member(rd, obj, "record"), rec) ||
	    !rd_copy_text(rd, bucket, "key", report->bucket.key,
			  sizeof(report->bucket.key)) ||
	    !rd_copy_text(rd, bucket, "hash", report->bucket.hash,
			  sizeof(report->bucket.hash)) ||
	    !read_verdicts(r, obj, report) || !read_known_bugs(r, obj, report))
		return false;
	// A triage line's additions (lines.h).
	if (cJSON_GetObjectItemCaseSensitive(bucket, "trace_hash") &&
	    !rd_copy_text(rd, bucket, "trace_hash", report->bucket.trace_hash,
			  sizeof(report->bucket.trace_hash)))
		return false;
	raw = cJSON_GetObjectItemCaseSensitive(obj, "raw_oops");
	return !raw || rd_str_item(rd, raw, "raw_oops", false, &rec->text);
}

struct pgr_error *report_read(const cJSON *obj, const struct report_texts *doc,
			      struct report_texts *own, struct report *ret)
{
	*ret = (struct report){ 0 };
	crash_record_init(&ret->rec);
	verdict_vector_init(&ret->verdicts);
	struct report_rd r = {
		.rd.arena = &ret->rec.arena,
		.doc = doc,
		.own = doc ? NULL : own,
	};
	if (read_report(&r, obj, ret))
		return NULL;
	return rd_error(&r.rd, NULL);
}

void report_deinit(struct report *report)
{
	verdicts_deinit(&report->verdicts);
	crash_record_deinit(&report->rec);
}
