// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "json_number.h"
#include "json_syntax.h"
#include "render/json.h"
#include "report_read.h"
#include "util.h"

/*
 * What one read is at: where strings go, and the first problem found.
 * The readers below return false on any problem and leave the message
 * here, so each field costs one line.
 */
struct rd {
	struct pgr_arena *arena;
	bool oom;
	char problem[160];
};

static bool rd_bad(struct rd *rd, const char *key, const char *what)
{
	if (!rd->problem[0] && !rd->oom)
		snprintf(rd->problem, sizeof(rd->problem), "\"%s\" is not %s",
			 key ? key : "item", what);
	return false;
}

static bool rd_nomem(struct rd *rd)
{
	rd->oom = true;
	return false;
}

static const cJSON *member(struct rd *rd, const cJSON *obj, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!item && !rd->problem[0] && !rd->oom)
		snprintf(rd->problem, sizeof(rd->problem), "\"%s\" is missing",
			 key);
	return item;
}

static bool dup_into(struct rd *rd, const char *s, char **ret)
{
	*ret = pgr_arena_strdup(rd->arena, s);
	return *ret ? true : rd_nomem(rd);
}

/* A string or null (NULL); with @p heap, malloc()ed (verdicts free them). */
static bool str_item(struct rd *rd, const cJSON *item, const char *key,
		     bool heap, char **ret)
{
	*ret = NULL;
	if (cJSON_IsNull(item))
		return true;
	if (!cJSON_IsString(item))
		return rd_bad(rd, key, "a string or null");
	if (!heap)
		return dup_into(rd, item->valuestring, ret);
	*ret = strdup(item->valuestring);
	return *ret ? true : rd_nomem(rd);
}

static bool get_str(struct rd *rd, const cJSON *obj, const char *key,
		    char **ret)
{
	const cJSON *item = member(rd, obj, key);
	return item && str_item(rd, item, key, false, ret);
}

static bool get_heap_str(struct rd *rd, const cJSON *obj, const char *key,
			 char **ret)
{
	const cJSON *item = member(rd, obj, key);
	return item && str_item(rd, item, key, true, ret);
}

/* A string that must be there. */
static bool get_text(struct rd *rd, const cJSON *obj, const char *key,
		     char **ret)
{
	if (!get_str(rd, obj, key, ret))
		return false;
	return *ret ? true : rd_bad(rd, key, "a string");
}

static bool get_bool(struct rd *rd, const cJSON *obj, const char *key,
		     bool *ret)
{
	const cJSON *item = member(rd, obj, key);
	if (!item)
		return false;
	if (!cJSON_IsBool(item))
		return rd_bad(rd, key, "true or false");
	*ret = cJSON_IsTrue(item);
	return true;
}

static bool get_tri(struct rd *rd, const cJSON *obj, const char *key,
		    enum tristate *ret)
{
	const cJSON *item = member(rd, obj, key);
	if (!item)
		return false;
	if (cJSON_IsNull(item))
		*ret = TRI_UNKNOWN;
	else if (cJSON_IsBool(item))
		*ret = cJSON_IsTrue(item) ? TRI_TRUE : TRI_FALSE;
	else
		return rd_bad(rd, key, "true, false or null");
	return true;
}

/* "0x..." or null. */
static bool hex_item(struct rd *rd, const cJSON *item, const char *key,
		     struct pgr_u64 *ret)
{
	*ret = (struct pgr_u64){ 0 };
	if (cJSON_IsNull(item))
		return true;
	const char *s = cJSON_IsString(item) ? item->valuestring : NULL;
	char *end;
	if (!s || s[0] != '0' || s[1] != 'x' || !s[2] || s[2] == '-' ||
	    s[2] == '+')
		return rd_bad(rd, key, "a hex string (\"0x...\") or null");
	errno = 0;
	uint64_t v = strtoull(s + 2, &end, 16);
	if (*end || errno)
		return rd_bad(rd, key, "a hex string (\"0x...\") or null");
	*ret = pgr_u64_of(v);
	return true;
}

static bool get_hex(struct rd *rd, const cJSON *obj, const char *key,
		    struct pgr_u64 *ret)
{
	const cJSON *item = member(rd, obj, key);
	return item && hex_item(rd, item, key, ret);
}

/*
 * cJSON reads numbers as doubles, which beyond 2^53 are not the numbers
 * written (a vmcore's page index can be any 64-bit word).  So a
 * document's long whole numbers are handed to cJSON as strings opening
 * with BIG_NUMBER (see quote_big_numbers()), and read from their digits.
 */
#define BIG_NUMBER '\x01'

static bool big_number(const cJSON *item, int64_t *s, uint64_t *u)
{
	const char *t = cJSON_IsString(item) ? item->valuestring : "";
	char *end;
	if (t[0] != BIG_NUMBER || !t[1])
		return false;
	errno = 0;
	if (s)
		*s = strtoll(t + 1, &end, 10);
	else if (t[1] != '-')
		*u = strtoull(t + 1, &end, 10);
	else
		return false;
	return !errno && !*end;
}

static bool int_item(struct rd *rd, const cJSON *item, const char *key,
		     int64_t min, int64_t max, int64_t *ret)
{
	if (big_number(item, ret, NULL))
		return *ret >= min && *ret <= max ?
			       true :
			       rd_bad(rd, key, "a whole number in range");
	double d = cJSON_IsNumber(item) ? item->valuedouble : 0.5;
	// (double)max + 1 is exact (a power of two): no overflow below it.
	if (!(d >= (double)min && d < (double)max + 1.0) ||
	    d != (double)(int64_t)d)
		return rd_bad(rd, key, "a whole number in range");
	*ret = (int64_t)d;
	return true;
}

static bool get_known_int(struct rd *rd, const cJSON *obj, const char *key,
			  struct pgr_s64 *ret)
{
	const cJSON *item = member(rd, obj, key);
	*ret = (struct pgr_s64){ 0 };
	if (!item)
		return false;
	if (cJSON_IsNull(item))
		return true;
	ret->known = true;
	return int_item(rd, item, key, INT64_MIN, INT64_MAX, &ret->value);
}

static bool uint_item(struct rd *rd, const cJSON *item, const char *key,
		      uint64_t *ret)
{
	if (big_number(item, NULL, ret))
		return true;
	if (!cJSON_IsNumber(item))
		return rd_bad(rd, key, "a whole number >= 0");
	double d = item->valuedouble;
	if (!(d >= 0 && d < 18446744073709551616.0) || d != (double)(uint64_t)d)
		return rd_bad(rd, key, "a whole number >= 0");
	*ret = (uint64_t)d;
	return true;
}

static bool get_known_uint(struct rd *rd, const cJSON *obj, const char *key,
			   struct pgr_u64 *ret)
{
	const cJSON *item = member(rd, obj, key);
	*ret = (struct pgr_u64){ 0 };
	if (!item)
		return false;
	if (cJSON_IsNull(item))
		return true;
	ret->known = true;
	return uint_item(rd, item, key, &ret->value);
}

static bool get_int(struct rd *rd, const cJSON *obj, const char *key, int *ret)
{
	const cJSON *item = member(rd, obj, key);
	int64_t v;
	if (!item || !int_item(rd, item, key, INT32_MIN, INT32_MAX, &v))
		return false;
	*ret = (int)v;
	return true;
}

static bool get_array(struct rd *rd, const cJSON *obj, const char *key,
		      const cJSON **ret)
{
	*ret = member(rd, obj, key);
	return *ret &&
	       (cJSON_IsArray(*ret) ? true : rd_bad(rd, key, "an array"));
}

static bool get_object(struct rd *rd, const cJSON *obj, const char *key,
		       const cJSON **ret)
{
	*ret = member(rd, obj, key);
	return *ret &&
	       (cJSON_IsObject(*ret) ? true : rd_bad(rd, key, "an object"));
}

static bool get_strings(struct rd *rd, const cJSON *obj, const char *key,
			struct string_vector *ret)
{
	const cJSON *arr, *item;
	if (!get_array(rd, obj, key, &arr))
		return false;
	cJSON_ArrayForEach(item, arr) {
		char *s;
		if (!cJSON_IsString(item))
			return rd_bad(rd, key, "an array of strings");
		if (!dup_into(rd, item->valuestring, &s))
			return false;
		if (!string_vector_append(ret, &s))
			return rd_nomem(rd);
	}
	return true;
}

/* One of @p n names given by @p name_of. */
static bool get_name(struct rd *rd, const cJSON *obj, const char *key,
		     const char *(*name_of)(int), int n, int *ret)
{
	const cJSON *item = member(rd, obj, key);
	if (!item)
		return false;
	for (int i = 0; cJSON_IsString(item) && i < n; i++) {
		if (strcmp(name_of(i), item->valuestring) == 0) {
			*ret = i;
			return true;
		}
	}
	return rd_bad(rd, key, "a name this version writes");
}

static const char *const context_names[] = {
	"task", "irq", "softirq", "nmi", "exception",
};

static const char *context_name(int i)
{
	return context_names[i];
}

static const char *kind_name(int i)
{
	return crash_kind_name(i);
}

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

static bool read_frame(struct rd *rd, const cJSON *obj, struct frame *f)
{
	int context;
	if (!cJSON_IsObject(obj))
		return rd_bad(rd, "frames", "an array of objects");
	if (!get_str(rd, obj, "function", &f->function) ||
	    !get_str(rd, obj, "normalized", &f->normalized) ||
	    !get_str(rd, obj, "module", &f->module) ||
	    !get_hex(rd, obj, "address", &f->address) ||
	    !get_hex(rd, obj, "offset", &f->offset) ||
	    !get_hex(rd, obj, "length", &f->length) ||
	    !get_bool(rd, obj, "reliable", &f->reliable) ||
	    !get_name(rd, obj, "context", context_name, 5, &context) ||
	    !get_str(rd, obj, "source", &f->source))
		return false;
	f->context = context;
	const cJSON *chain =
		cJSON_GetObjectItemCaseSensitive(obj, "inline_chain");
	if (!chain)
		return true;
	int n = cJSON_GetArraySize(chain);
	if (!cJSON_IsArray(chain) || n == 0)
		return rd_bad(rd, "inline_chain", "a non-empty array");
	f->inline_chain =
		pgr_arena_alloc(rd->arena, n * sizeof(*f->inline_chain));
	if (!f->inline_chain)
		return rd_nomem(rd);
	const cJSON *level;
	cJSON_ArrayForEach(level, chain) {
		struct inline_level *l = &f->inline_chain[f->inline_depth++];
		if (!get_str(rd, level, "function", &l->function) ||
		    !get_str(rd, level, "source", &l->source))
			return false;
	}
	return true;
}

static bool read_frames(struct rd *rd, const cJSON *obj, const char *key,
			struct frame_vector *v)
{
	const cJSON *arr, *item;
	if (!get_array(rd, obj, key, &arr))
		return false;
	cJSON_ArrayForEach(item, arr) {
		struct frame *f = frame_vector_append_entry(v);
		if (!f)
			return rd_nomem(rd);
		if (!read_frame(rd, item, f))
			return false;
	}
	return true;
}

static bool read_origin(struct rd *rd, const cJSON *obj, struct page_dump *p)
{
	char *origin;
	if (!get_text(rd, obj, "origin", &origin))
		return false;
	bool both = strcmp(origin, "log+memory") == 0;
	p->from_log = both || strcmp(origin, "log") == 0;
	p->from_memory = both || strcmp(origin, "memory") == 0;
	if (!p->from_log && !p->from_memory)
		return rd_bad(rd, "origin", "log, memory or log+memory");
	return true;
}

static bool read_page(struct rd *rd, const cJSON *obj, struct page_dump *p)
{
	enum tristate mapping_null;
	if (!cJSON_IsObject(obj))
		return rd_bad(rd, "pages", "an array of objects");
	if (!get_hex(rd, obj, "address", &p->address) ||
	    !get_hex(rd, obj, "pfn", &p->pfn) ||
	    !get_known_int(rd, obj, "refcount", &p->refcount) ||
	    !get_known_int(rd, obj, "mapcount", &p->mapcount) ||
	    !get_hex(rd, obj, "mapping", &p->mapping) ||
	    !get_tri(rd, obj, "mapping_null", &mapping_null) ||
	    !get_known_uint(rd, obj, "index", &p->index) ||
	    !get_hex(rd, obj, "head", &p->head) ||
	    !get_known_uint(rd, obj, "order", &p->order) ||
	    !get_known_int(rd, obj, "compound_mapcount",
			   &p->compound_mapcount) ||
	    !get_tri(rd, obj, "tail", &p->is_tail) ||
	    !get_tri(rd, obj, "compound", &p->is_compound) ||
	    !get_hex(rd, obj, "flags", &p->flags) ||
	    !get_strings(rd, obj, "flag_names", &p->flag_names) ||
	    !get_str(rd, obj, "reason", &p->reason) ||
	    !get_str(rd, obj, "aops", &p->aops) ||
	    !get_known_uint(rd, obj, "ino", &p->ino) ||
	    !get_str(rd, obj, "dentry", &p->dentry) ||
	    !get_strings(rd, obj, "raw", &p->raw) ||
	    !get_known_int(rd, obj, "i_size", &p->i_size) ||
	    !get_known_uint(rd, obj, "nrpages", &p->nrpages) ||
	    !get_str(rd, obj, "fs_type", &p->fs_type) ||
	    !get_tri(rd, obj, "pointers_hashed", &p->pointers_hashed) ||
	    !get_hex(rd, obj, "address_hash", &p->address_hash) ||
	    !read_origin(rd, obj, p))
		return false;
	// A hashed mapping id is written as null with mapping_null false:
	// keep a non-NULL id, whose value no output shows.
	if (!p->mapping.known && mapping_null == TRI_FALSE &&
	    p->pointers_hashed == TRI_TRUE)
		p->mapping = pgr_u64_of(1);
	enum tristate written = !p->mapping.known ? TRI_UNKNOWN :
				p->mapping.value  ? TRI_FALSE :
						    TRI_TRUE;
	if (written != mapping_null)
		return rd_bad(rd, "mapping_null", "what mapping says");
	return true;
}

static bool read_task(struct rd *rd, const cJSON *obj, bool object_stack,
		      struct task_stack *t)
{
	char *role = NULL, *state;
	if (!cJSON_IsObject(obj))
		return rd_bad(rd, "tasks", "an array of objects");
	if (object_stack && !get_text(rd, obj, "role", &role))
		return false;
	t->role = role;
	if (!get_str(rd, obj, "comm", &t->comm) ||
	    !get_known_int(rd, obj, "pid", &t->pid) ||
	    !get_known_int(rd, obj, "cpu", &t->cpu) ||
	    !get_str(rd, obj, "state", &state) ||
	    !get_bool(rd, obj, "crashed", &t->crashed) ||
	    !read_frames(rd, obj, "frames", &t->frames))
		return false;
	if (state && (strlen(state) != 1))
		return rd_bad(rd, "state", "one letter or null");
	t->state = state ? state[0] : 0;
	return true;
}

static bool read_tasks(struct rd *rd, const cJSON *obj, const char *key,
		       struct task_vector *v)
{
	const cJSON *arr, *item;
	if (!get_array(rd, obj, key, &arr))
		return false;
	cJSON_ArrayForEach(item, arr) {
		struct task_stack *t = task_vector_append_entry(v);
		if (!t)
			return rd_nomem(rd);
		if (!read_task(rd, item, strcmp(key, "object_stacks") == 0, t))
			return false;
	}
	return true;
}

static bool read_findings(struct rd *rd, const cJSON *obj,
			  struct finding_vector *v)
{
	const cJSON *arr, *item;
	if (!get_array(rd, obj, "findings", &arr))
		return false;
	cJSON_ArrayForEach(item, arr) {
		struct finding *f = finding_vector_append_entry(v);
		if (!f)
			return rd_nomem(rd);
		if (!get_str(rd, item, "id", &f->id) ||
		    !get_str(rd, item, "text", &f->text) ||
		    !get_hex(rd, item, "address", &f->address))
			return false;
		const cJSON *m =
			cJSON_GetObjectItemCaseSensitive(item, "mapping");
		if (m && (!hex_item(rd, m, "mapping", &f->mapping) ||
			  !f->mapping.known))
			return rd_bad(rd, "mapping", "a hex string");
	}
	return true;
}

static bool read_registers(struct rd *rd, const cJSON *obj,
			   struct crash_record *rec)
{
	const cJSON *regs, *item;
	if (!get_object(rd, obj, "registers", &regs))
		return false;
	cJSON_ArrayForEach(item, regs) {
		struct reg *r = reg_vector_append_entry(&rec->regs);
		struct pgr_u64 v;
		if (!r)
			return rd_nomem(rd);
		if (!hex_item(rd, item, item->string, &v))
			return false;
		if (!v.known)
			return rd_bad(rd, item->string, "a hex string");
		if (!dup_into(rd, item->string, &r->name))
			return false;
		r->value = v.value;
	}
	return true;
}

/*
 * The guilty frame is written as a copy: it is the fault (guilty -2) or
 * one of the frames, whichever the copy equals.
 */
static bool read_guilty(struct rd *rd, const cJSON *obj,
			struct crash_record *rec)
{
	const cJSON *g = member(rd, obj, "guilty_frame");
	const cJSON *fault = member(rd, obj, "fault");
	rec->guilty = -1;
	if (!g || !fault)
		return false;
	if (cJSON_IsNull(g))
		return true;
	if (rec->has_fault && cJSON_Compare(g, fault, true)) {
		rec->guilty = -2;
		return true;
	}
	const cJSON *f;
	long i = 0;
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(obj, "frames")) {
		if (cJSON_Compare(g, f, true)) {
			rec->guilty = i;
			return true;
		}
		i++;
	}
	return rd_bad(rd, "guilty_frame", "the fault or one of the frames");
}

static bool read_record_facts(struct rd *rd, const cJSON *obj,
			      struct crash_record *rec)
{
	char *source;
	int kind;
	const cJSON *fault = member(rd, obj, "fault");
	if (!fault)
		return false;
	if (!get_text(rd, obj, "source", &source) ||
	    !get_name(rd, obj, "kind", kind_name, CRASH_KIND_COUNT, &kind) ||
	    !get_text(rd, obj, "title", &rec->title) ||
	    !get_str(rd, obj, "syz_title", &rec->syz_title) ||
	    !get_tri(rd, obj, "corrupted", &rec->corrupted) ||
	    !get_str(rd, obj, "headline", &rec->headline) ||
	    !get_str(rd, obj, "message", &rec->message) ||
	    !get_hex(rd, obj, "fault_address", &rec->fault_address) ||
	    !get_str(rd, obj, "source_file", &rec->source_file) ||
	    !get_known_uint(rd, obj, "source_line", &rec->source_line) ||
	    !get_str(rd, obj, "arch", &rec->arch) ||
	    !get_str(rd, obj, "kernel_version", &rec->kernel_version) ||
	    !get_str(rd, obj, "taint", &rec->taint) ||
	    !get_str(rd, obj, "hardware", &rec->hardware) ||
	    !get_str(rd, obj, "comm", &rec->comm) ||
	    !get_known_int(rd, obj, "pid", &rec->pid) ||
	    !get_known_int(rd, obj, "cpu", &rec->cpu) ||
	    !get_str(rd, obj, "panic", &rec->panic_message))
		return false;
	if (strcmp(source, "log") && strcmp(source, "vmcore"))
		return rd_bad(rd, "source", "log or vmcore");
	rec->source = strcmp(source, "log") ? RECORD_FROM_VMCORE :
					      RECORD_FROM_LOG;
	rec->kind = kind;
	rec->has_fault = !cJSON_IsNull(fault);
	return !rec->has_fault || read_frame(rd, fault, &rec->fault);
}

static bool read_record(struct rd *rd, const cJSON *obj,
			struct crash_record *rec)
{
	const cJSON *pages, *p;
	if (!cJSON_IsObject(obj))
		return rd_bad(rd, "record", "an object");
	if (!read_record_facts(rd, obj, rec) ||
	    !read_frames(rd, obj, "frames", &rec->frames) ||
	    !read_guilty(rd, obj, rec) || !read_registers(rd, obj, rec) ||
	    !get_strings(rd, obj, "modules", &rec->modules) ||
	    !get_array(rd, obj, "pages", &pages))
		return false;
	cJSON_ArrayForEach(p, pages) {
		struct page_dump *page = record_add_page(rec);
		if (!page)
			return rd_nomem(rd);
		if (!read_page(rd, p, page))
			return false;
	}
	return read_tasks(rd, obj, "tasks", &rec->tasks) &&
	       read_tasks(rd, obj, "object_stacks", &rec->object_stacks) &&
	       read_findings(rd, obj, &rec->findings);
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
	if (!get_object(rd, obj, "fix", &fix) ||
	    !get_array(rd, fix, "commits", &commits))
		return false;
	cJSON_ArrayForEach(c, commits) {
		struct fix_commit *fc =
			fix_commit_vector_append_entry(&r->commits);
		if (!fc)
			return rd_nomem(rd);
		if (!get_str(rd, c, "id", &fc->id) ||
		    !get_str(rd, c, "title", &fc->title) ||
		    !get_str(rd, c, "release", &fc->release))
			return false;
	}
	return get_str(rd, fix, "change", &r->fix_change) &&
	       get_str(rd, fix, "workaround", &r->workaround) &&
	       get_strings(rd, fix, "fixed_in", &r->fixed) &&
	       get_str(rd, fix, "introduced", &r->introduced) &&
	       get_str(rd, obj, "root_cause", &r->root_cause) &&
	       get_strings(rd, obj, "references", &r->references);
}

/* A condition's text as the rule says (render/json.c's write_condition_text). */
static bool read_condition(struct rd *rd, const cJSON *obj, struct condition *c)
{
	int type;
	const cJSON *weight = member(rd, obj, "weight");
	if (!weight)
		return false;
	if (!cJSON_IsNumber(weight))
		return rd_bad(rd, "weight", "a number");
	c->weight = weight->valuedouble;
	if (!get_name(rd, obj, "type", cond_type_name, COND_TYPE_COUNT,
		      &type) ||
	    !get_bool(rd, obj, "required", &c->required) ||
	    !get_bool(rd, obj, "decisive", &c->decisive) ||
	    !get_str(rd, obj, "expect", &c->source_json) ||
	    !get_str(rd, obj, "why", &c->why))
		return false;
	c->type = type;
	return true;
}

static bool read_rule(struct rd *rd, const char *id, const cJSON *obj,
		      struct report_texts *t)
{
	const cJSON *race, *conds, *item;
	struct rule *r = new_rule(rd, t);
	if (!r || !get_text(rd, obj, "id", &r->id) ||
	    !get_str(rd, obj, "bug", &r->bug) ||
	    !get_str(rd, obj, "title", &r->title) ||
	    !get_str(rd, obj, "subsystem", &r->subsystem) ||
	    !get_str(rd, obj, "path", &r->path) || !read_fix(rd, obj, r) ||
	    !get_array(rd, obj, "race", &race) ||
	    !get_array(rd, obj, "conditions", &conds))
		return false;
	if (strcmp(id, r->id))
		return rd_bad(rd, "id", "the rule's key");
	cJSON_ArrayForEach(item, race) {
		struct race_step *s = race_step_vector_append_entry(&r->steps);
		if (!s)
			return rd_nomem(rd);
		if (!get_str(rd, item, "actor", &s->actor) ||
		    !get_str(rd, item, "does", &s->does))
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
	return get_str(rd, obj, "subject", &e->subject) &&
	       get_str(rd, obj, "fixed_in", &e->mainline_fix) &&
	       get_strings(rd, obj, "fix_commits", &e->commits) &&
	       get_strings(rd, obj, "files", &e->files);
}

static struct pgr_error *rd_error(struct rd *rd, const char *where)
{
	if (rd->oom)
		return &pgr_enomem;
	const char *problem = rd->problem[0] ? rd->problem :
					       "not what pagerace writes";
	return where ? pgr_error_format(PGR_ERROR_BAD_DATA, "%s: %s", where,
					problem) :
		       pgr_error_create(PGR_ERROR_BAD_DATA, problem);
}

struct pgr_error *report_texts_read(struct report_texts *t, const cJSON *doc)
{
	struct rd rd = { .arena = &t->arena };
	const cJSON *rules, *kb, *item;
	if (!get_object(&rd, doc, "rules", &rules))
		return rd_error(&rd, "the document");
	cJSON_ArrayForEach(item, rules) {
		if (!read_rule(&rd, item->string, item, t))
			return rd_error(&rd, "rules");
	}
	if (!get_object(&rd, doc, "known_bugs", &kb))
		return rd_error(&rd, "the document");
	cJSON_ArrayForEach(item, kb) {
		struct kb_entry *e =
			kb_entry_vector_append_entry(&t->kb.entries);
		if (!e)
			return &pgr_enomem;
		if (!dup_into(&rd, item->string, &e->id) ||
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
	if (!get_text(rd, obj, "signature", &id))
		return NULL;
	if (r->doc) {
		const struct rule *rule = rule_set_find(&r->doc->rules, id);
		if (!rule)
			rd_bad(rd, "signature", "a rule of the document");
		return rule;
	}
	struct rd own = { .arena = &r->own->arena };
	struct rule *rule = new_rule(&own, r->own);
	if (!rule)
		return NULL;
	rule->id = id;
	if (!get_str(rd, obj, "bug", &rule->bug) ||
	    !get_str(rd, obj, "title", &rule->title) ||
	    !get_str(rd, obj, "subsystem", &rule->subsystem) ||
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
	if (!get_name(rd, obj, "type", cond_type_name, COND_TYPE_COUNT,
		      &type) ||
	    !get_name(rd, obj, "outcome", outcome_of, 3, &outcome) ||
	    !get_heap_str(rd, obj, "fact", &res->fact))
		return false;
	res->outcome = outcome;
	if (r->doc) {
		uint64_t i;
		if (!rule->conditions.size ||
		    !json_whole_number(member(rd, obj, "condition"), 0,
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
	return get_str(rd, obj, "name", &a->name) &&
	       get_str(rd, obj, "role", &a->role) &&
	       get_bool(rd, obj, "seen", &b->bound) &&
	       get_heap_str(rd, obj, "comm", &b->comm) &&
	       get_known_int(rd, obj, "pid", &b->pid) &&
	       get_heap_str(rd, obj, "where", &b->where);
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
	if (!get_name(rd, obj, "level", level_name, VERDICT_CONFIRMED + 1,
		      &level) ||
	    !get_name(rd, obj, "level_before_version", level_name,
		      VERDICT_CONFIRMED + 1, &before) ||
	    !get_int(rd, obj, "score", &v->score) ||
	    !get_heap_str(rd, obj, "version_note", &v->version_note) ||
	    !get_array(rd, obj, "conditions", &conds) ||
	    !get_array(rd, obj, "actors", &actors))
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
	if (!get_str(rd, obj, "none_reason", &reason))
		return false;
	v->none_reason = reason;
	return true;
}

static bool read_verdicts(struct report_rd *r, const cJSON *obj,
			  struct report *report)
{
	struct rd *rd = &r->rd;
	const cJSON *arr, *item;
	if (!get_array(rd, obj, "verdicts", &arr))
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

static bool copy_text(struct rd *rd, const cJSON *obj, const char *key,
		      char *buf, size_t size)
{
	char *s;
	if (!get_text(rd, obj, key, &s))
		return false;
	if (strlen(s) >= size)
		return rd_bad(rd, key, "as short as pagerace writes it");
	strcpy(buf, s);
	return true;
}

static const struct kb_entry *known_bug_entry(struct report_rd *r,
					      const cJSON *obj)
{
	struct rd *rd = &r->rd;
	char *id;
	if (!get_text(rd, obj, "cve", &id))
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
		    !get_name(rd, item, "strength", strength_name, 3,
			      &strength) ||
		    !get_int(rd, item, "score", &c->score) ||
		    !copy_text(rd, item, "agrees", c->why, sizeof(c->why)) ||
		    !get_name(rd, item, "version_state", version_state_name, 4,
			      &state) ||
		    !copy_text(rd, item, "version", c->version_text,
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

static bool copy_hash(struct rd *rd, const cJSON *obj, const char *key,
		      char *buf, size_t size)
{
	return copy_text(rd, obj, key, buf, size);
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
	if (!get_text(rd, obj, "input", &rec->input) ||
	    !get_array(rd, obj, "lines", &lines) ||
	    !get_object(rd, obj, "bucket", &bucket))
		return false;
	if (!json_whole_number(member(rd, obj, "index"), 1,
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
	if (!read_record(rd, member(rd, obj, "record"), rec) ||
	    !copy_hash(rd, bucket, "key", report->bucket.key,
		       sizeof(report->bucket.key)) ||
	    !copy_hash(rd, bucket, "hash", report->bucket.hash,
		       sizeof(report->bucket.hash)) ||
	    !read_verdicts(r, obj, report) || !read_known_bugs(r, obj, report))
		return false;
	// A triage line's additions (lines.h).
	if (cJSON_GetObjectItemCaseSensitive(bucket, "trace_hash") &&
	    !copy_hash(rd, bucket, "trace_hash", report->bucket.trace_hash,
		       sizeof(report->bucket.trace_hash)))
		return false;
	raw = cJSON_GetObjectItemCaseSensitive(obj, "raw_oops");
	return !raw || str_item(rd, raw, "raw_oops", false, &rec->text);
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

/* Whole numbers of more than 15 digits, as BIG_NUMBER strings. */
static char *quote_big_numbers(const char *text, size_t len, size_t *len_ret)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	if (!f)
		return NULL;
	bool in_string = false;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (in_string) {
			if (c == '\\' && i + 1 < len)
				putc(text[i++], f);
			else if (c == '"')
				in_string = false;
			putc(text[i], f);
			continue;
		}
		if (c != '-' && !(c >= '0' && c <= '9')) {
			in_string = c == '"';
			putc(c, f);
			continue;
		}
		// A number token: -?digits(.digits)?([eE][+-]?digits)?
		size_t j = i + (c == '-'), digits;
		while (j < len && text[j] >= '0' && text[j] <= '9')
			j++;
		digits = j - i - (c == '-');
		bool whole = !(j < len && strchr(".eE", text[j]));
		while (j < len && strchr("0123456789.eE+-", text[j]))
			j++;
		if (whole && digits > 15)
			fprintf(f, "\"\\u0001%.*s\"", (int)(j - i), text + i);
		else
			fwrite(text + i, 1, j - i, f);
		i = j - 1;
	}
	bool failed = ferror(f);
	if (fclose(f) || failed) {
		free(out);
		return NULL;
	}
	*len_ret = n;
	return out;
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
	_cleanup_free_ char *quoted = quote_big_numbers(text, len, &qlen);
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
