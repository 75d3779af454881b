// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>

#include "render/json.h"

static const char *const context_names[] = {
	[FRAME_TASK] = "task",	   [FRAME_IRQ] = "irq",
	[FRAME_SOFTIRQ] = "softirq", [FRAME_NMI] = "nmi",
	[FRAME_EXCEPTION] = "exception",
};

/*
 * Any allocation of a builder can fail: the first failure sticks in
 * jb->failed, and the whole object is dropped (one with a key missing
 * would violate the schema).  cJSON frees an item only once it is added.
 */
struct jb {
	bool failed;
};

static void jb_add(struct jb *b, cJSON *obj, const char *key, cJSON *item)
{
	if (item && obj && cJSON_AddItemToObject(obj, key, item))
		return;
	cJSON_Delete(item);
	b->failed = true;
}

static void jb_push(struct jb *b, cJSON *arr, cJSON *item)
{
	if (item && arr && cJSON_AddItemToArray(arr, item))
		return;
	cJSON_Delete(item);
	b->failed = true;
}

/* @p item added to @p obj under @p key, or NULL. */
static cJSON *jb_child(struct jb *b, cJSON *obj, const char *key, cJSON *item)
{
	jb_add(b, obj, key, item);
	return b->failed ? NULL : item;
}

/* The finished object, or NULL (freed) when any allocation failed. */
static cJSON *jb_done(struct jb *b, cJSON *obj)
{
	if (!b->failed && obj)
		return obj;
	cJSON_Delete(obj);
	return NULL;
}

static void add_str(struct jb *b, cJSON *obj, const char *key, const char *s)
{
	jb_add(b, obj, key, s ? cJSON_CreateString(s) : cJSON_CreateNull());
}

static void add_hex(struct jb *b, cJSON *obj, const char *key, struct pgr_u64 v)
{
	char buf[24];
	if (!v.known) {
		jb_add(b, obj, key, cJSON_CreateNull());
		return;
	}
	snprintf(buf, sizeof(buf), "0x%" PRIx64, v.value);
	jb_add(b, obj, key, cJSON_CreateString(buf));
}

static void add_u64(struct jb *b, cJSON *obj, const char *key, struct pgr_u64 v)
{
	if (v.known)
		jb_add(b, obj, key, cJSON_CreateNumber((double)v.value));
	else
		jb_add(b, obj, key, cJSON_CreateNull());
}

static void add_s64(struct jb *b, cJSON *obj, const char *key, struct pgr_s64 v)
{
	if (v.known)
		jb_add(b, obj, key, cJSON_CreateNumber((double)v.value));
	else
		jb_add(b, obj, key, cJSON_CreateNull());
}

static void add_tristate(struct jb *b, cJSON *obj, const char *key,
			 enum tristate t)
{
	if (t == TRI_UNKNOWN)
		jb_add(b, obj, key, cJSON_CreateNull());
	else
		jb_add(b, obj, key, cJSON_CreateBool(t == TRI_TRUE));
}

static cJSON *string_list(struct jb *b, const struct string_vector *v)
{
	cJSON *arr = cJSON_CreateArray();
	vector_for_each(char *, s, v)
		jb_push(b, arr, cJSON_CreateString(*s));
	return arr;
}

static cJSON *json_frame(struct jb *b, const struct frame *f)
{
	cJSON *o = cJSON_CreateObject();
	add_str(b, o, "function", f->function);
	add_str(b, o, "normalized", f->normalized);
	add_str(b, o, "module", f->module);
	add_hex(b, o, "address", f->address);
	add_hex(b, o, "offset", f->offset);
	add_hex(b, o, "length", f->length);
	jb_add(b, o, "reliable", cJSON_CreateBool(f->reliable));
	jb_add(b, o, "context", cJSON_CreateString(context_names[f->context]));
	add_str(b, o, "source", f->source);
	return o;
}

static cJSON *json_frames(struct jb *b, const struct frame_vector *frames)
{
	cJSON *arr = cJSON_CreateArray();
	vector_for_each(const struct frame, f, frames)
		jb_push(b, arr, json_frame(b, f));
	return arr;
}

static cJSON *json_page(struct jb *b, const struct page_dump *p)
{
	cJSON *o = cJSON_CreateObject();
	add_hex(b, o, "address", p->address);
	add_hex(b, o, "pfn", p->pfn);
	add_s64(b, o, "refcount", p->refcount);
	add_s64(b, o, "mapcount", p->mapcount);
	// A hashed mapping is no address: null, with only its NULL-ness
	// known (a hashed NULL prints as 0, which stays "0x0").
	add_hex(b, o, "mapping",
		p->pointers_hashed == TRI_TRUE && p->mapping.value ?
			(struct pgr_u64){ 0 } :
			p->mapping);
	add_tristate(b, o, "mapping_null",
		     !p->mapping.known ? TRI_UNKNOWN :
		     p->mapping.value  ? TRI_FALSE :
					 TRI_TRUE);
	add_u64(b, o, "index", p->index);
	add_hex(b, o, "head", p->head);
	add_u64(b, o, "order", p->order);
	add_s64(b, o, "compound_mapcount", p->compound_mapcount);
	add_tristate(b, o, "tail", p->is_tail);
	add_tristate(b, o, "compound", p->is_compound);
	add_hex(b, o, "flags", p->flags);
	jb_add(b, o, "flag_names", string_list(b, &p->flag_names));
	add_str(b, o, "reason", p->reason);
	add_str(b, o, "aops", p->aops);
	add_u64(b, o, "ino", p->ino);
	add_str(b, o, "dentry", p->dentry);
	jb_add(b, o, "raw", string_list(b, &p->raw));
	add_s64(b, o, "i_size", p->i_size);
	add_u64(b, o, "nrpages", p->nrpages);
	add_str(b, o, "fs_type", p->fs_type);
	add_tristate(b, o, "pointers_hashed", p->pointers_hashed);
	add_hex(b, o, "address_hash", p->address_hash);
	add_str(b, o, "origin",
		!p->from_memory ? "log" :
		p->from_log	? "log+memory" :
				  "memory");
	return o;
}

static cJSON *json_task(struct jb *b, const struct task_stack *t)
{
	cJSON *o = cJSON_CreateObject();
	if (t->role)
		add_str(b, o, "role", t->role);
	add_str(b, o, "comm", t->comm);
	add_s64(b, o, "pid", t->pid);
	add_s64(b, o, "cpu", t->cpu);
	char state[2] = { t->state, 0 };
	add_str(b, o, "state", t->state ? state : NULL);
	jb_add(b, o, "crashed", cJSON_CreateBool(t->crashed));
	jb_add(b, o, "frames", json_frames(b, &t->frames));
	return o;
}

static cJSON *json_record_facts(struct jb *b, const struct crash_record *rec)
{
	cJSON *o = cJSON_CreateObject();
	add_str(b, o, "source",
		rec->source == RECORD_FROM_LOG ? "log" : "vmcore");
	add_str(b, o, "kind", crash_kind_name(rec->kind));
	add_str(b, o, "title", rec->title);
	add_str(b, o, "syz_title", rec->syz_title);
	add_tristate(b, o, "corrupted", rec->corrupted);
	add_str(b, o, "headline", rec->headline);
	add_str(b, o, "message", rec->message);
	const struct frame *g = crash_record_guilty(rec);
	jb_add(b, o, "guilty_frame", g ? json_frame(b, g) : cJSON_CreateNull());
	jb_add(b, o, "fault",
	       rec->has_fault ? json_frame(b, &rec->fault) :
				cJSON_CreateNull());
	add_hex(b, o, "fault_address", rec->fault_address);
	add_str(b, o, "source_file", rec->source_file);
	add_u64(b, o, "source_line", rec->source_line);
	add_str(b, o, "arch", rec->arch);
	add_str(b, o, "kernel_version", rec->kernel_version);
	add_str(b, o, "taint", rec->taint);
	add_str(b, o, "hardware", rec->hardware);
	add_str(b, o, "comm", rec->comm);
	add_s64(b, o, "pid", rec->pid);
	add_s64(b, o, "cpu", rec->cpu);
	add_str(b, o, "panic", rec->panic_message);
	return o;
}

static cJSON *json_record(struct jb *b, const struct crash_record *rec)
{
	cJSON *o = json_record_facts(b, rec);
	jb_add(b, o, "frames", json_frames(b, &rec->frames));
	cJSON *regs = cJSON_CreateObject();
	char buf[24];
	vector_for_each(const struct reg, r, &rec->regs) {
		snprintf(buf, sizeof(buf), "0x%" PRIx64, r->value);
		jb_add(b, regs, r->name, cJSON_CreateString(buf));
	}
	jb_add(b, o, "registers", regs);
	jb_add(b, o, "modules", string_list(b, &rec->modules));
	cJSON *pages = jb_child(b, o, "pages", cJSON_CreateArray());
	vector_for_each(const struct page_dump, p, &rec->pages)
		jb_push(b, pages, json_page(b, p));
	cJSON *tasks = jb_child(b, o, "tasks", cJSON_CreateArray());
	vector_for_each(const struct task_stack, t, &rec->tasks)
		jb_push(b, tasks, json_task(b, t));
	cJSON *objs = jb_child(b, o, "object_stacks", cJSON_CreateArray());
	vector_for_each(const struct task_stack, t, &rec->object_stacks)
		jb_push(b, objs, json_task(b, t));
	cJSON *findings = jb_child(b, o, "findings", cJSON_CreateArray());
	vector_for_each(const struct finding, f, &rec->findings) {
		cJSON *fo = cJSON_CreateObject();
		add_str(b, fo, "id", f->id);
		add_str(b, fo, "text", f->text);
		add_hex(b, fo, "address", f->address);
		if (f->mapping.known)
			add_hex(b, fo, "mapping", f->mapping);
		jb_push(b, findings, fo);
	}
	return o;
}

static cJSON *json_fix(struct jb *b, const struct rule *rule)
{
	cJSON *fix = cJSON_CreateObject();
	cJSON *commits = jb_child(b, fix, "commits", cJSON_CreateArray());
	vector_for_each(const struct fix_commit, c, &rule->commits) {
		cJSON *co = cJSON_CreateObject();
		add_str(b, co, "id", c->id);
		add_str(b, co, "title", c->title);
		add_str(b, co, "release", c->release);
		jb_push(b, commits, co);
	}
	add_str(b, fix, "change", rule->fix_change);
	add_str(b, fix, "workaround", rule->workaround);
	jb_add(b, fix, "fixed_in", string_list(b, &rule->fixed));
	add_str(b, fix, "introduced", rule->introduced);
	return fix;
}

static cJSON *json_verdict(struct jb *b, const struct verdict *v)
{
	const struct rule *rule = v->rule;
	cJSON *o = cJSON_CreateObject();
	add_str(b, o, "signature", rule->id);
	add_str(b, o, "bug", rule->bug);
	add_str(b, o, "title", rule->title);
	add_str(b, o, "subsystem", rule->subsystem);
	add_str(b, o, "level", verdict_level_name(v->level));
	add_str(b, o, "level_before_version",
		verdict_level_name(v->level_before_version));
	jb_add(b, o, "score", cJSON_CreateNumber(v->score));
	add_str(b, o, "version_note", v->version_note);
	cJSON *conds = jb_child(b, o, "conditions", cJSON_CreateArray());
	vector_for_each(const struct condition_result, r, &v->results) {
		cJSON *c = cJSON_CreateObject();
		add_str(b, c, "type", condition_type_key(r->cond->type));
		jb_add(b, c, "required", cJSON_CreateBool(r->cond->required));
		jb_add(b, c, "decisive", cJSON_CreateBool(r->cond->decisive));
		jb_add(b, c, "weight", cJSON_CreateNumber(r->cond->weight));
		add_str(b, c, "expect", r->cond->source_json);
		add_str(b, c, "outcome", outcome_name(r->outcome));
		add_str(b, c, "fact", r->fact);
		add_str(b, c, "why", r->cond->why);
		jb_push(b, conds, c);
	}
	cJSON *actors = jb_child(b, o, "actors", cJSON_CreateArray());
	vector_for_each(const struct actor_binding, ab, &v->actors) {
		cJSON *a = cJSON_CreateObject();
		add_str(b, a, "name", ab->actor->name);
		add_str(b, a, "role", ab->actor->role);
		jb_add(b, a, "seen", cJSON_CreateBool(ab->bound));
		add_str(b, a, "comm", ab->bound ? ab->comm : NULL);
		add_s64(b, a, "pid",
			ab->bound ? ab->pid : (struct pgr_s64){ 0 });
		add_str(b, a, "where", ab->bound ? ab->where : NULL);
		jb_push(b, actors, a);
	}
	jb_add(b, o, "fix", json_fix(b, rule));
	add_str(b, o, "root_cause", rule->root_cause);
	jb_add(b, o, "references", string_list(b, &rule->references));
	return o;
}

/*
 * Optional "no_verdict_reason" and "nearest": when no rule reached
 * "possible", why, and the rules that came closest, each with its
 * conditions (outcome and fact) and why it gives no verdict.
 */
static void json_nearest(struct jb *b, cJSON *o, const struct crash_record *rec,
			 const struct verdict_vector *vs)
{
	if (vs->size && vs->data[0].level != VERDICT_NONE)
		return;
	if (rec->kind == CRASH_UNKNOWN)
		add_str(b, o, "no_verdict_reason",
			"the crash kind is unknown and no decisive dump finding matched");
	cJSON *arr = NULL;
	vector_for_each(const struct verdict, v, vs) {
		if (!v->nearest)
			continue;
		if (!arr)
			arr = jb_child(b, o, "nearest", cJSON_CreateArray());
		cJSON *n = json_verdict(b, v);
		add_str(b, n, "none_reason", v->none_reason);
		jb_push(b, arr, n);
	}
}

static const char *version_state_name(enum kb_version_state s)
{
	switch (s) {
	case KB_VERSION_BEFORE_BUG: return "before_bug";
	case KB_VERSION_AFFECTED: return "affected";
	case KB_VERSION_HAS_FIX: return "has_fix";
	default: return "unknown";
	}
}

static cJSON *json_known_bug(struct jb *b, const struct kb_candidate *c)
{
	const struct kb_entry *e = c->entry;
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	add_str(b, o, "cve", e->id);
	add_str(b, o, "subject", e->subject);
	add_str(b, o, "strength", kb_strength_name(c->strength));
	jb_add(b, o, "score", cJSON_CreateNumber(c->score));
	add_str(b, o, "agrees", c->why);
	add_str(b, o, "version_state", version_state_name(c->version_state));
	add_str(b, o, "version", c->version_text);
	add_str(b, o, "fixed_in", e->mainline_fix);
	jb_add(b, o, "fix_commits", string_list(b, &e->commits));
	jb_add(b, o, "files", string_list(b, &e->files));
	return o;
}

static cJSON *report_object(struct jb *b, const struct report *report)
{
	const struct crash_record *rec = &report->rec;
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	add_str(b, o, "input", rec->input);
	jb_add(b, o, "index", cJSON_CreateNumber(report->index));
	cJSON *lines = jb_child(b, o, "lines", cJSON_CreateArray());
	jb_push(b, lines, cJSON_CreateNumber(rec->first_line));
	jb_push(b, lines, cJSON_CreateNumber(rec->last_line));
	jb_add(b, o, "record", json_record(b, rec));
	cJSON *bucket = jb_child(b, o, "bucket", cJSON_CreateObject());
	add_str(b, bucket, "key", report->bucket.key);
	add_str(b, bucket, "hash", report->bucket.hash);
	const struct verdict_vector *vs = &report->verdicts;
	add_str(b, o, "verdict",
		vs->size ? verdict_level_name(vs->data[0].level) :
			   verdict_level_name(VERDICT_NONE));
	add_str(b, o, "signature",
		vs->size && vs->data[0].level != VERDICT_NONE ?
			vs->data[0].rule->id :
			NULL);
	cJSON *arr = jb_child(b, o, "verdicts", cJSON_CreateArray());
	vector_for_each(const struct verdict, v, vs) {
		if (!v->nearest)
			jb_push(b, arr, json_verdict(b, v));
	}
	json_nearest(b, o, rec, vs);
	if (report->known_bugs_count) {
		cJSON *kbs = jb_child(b, o, "known_bugs", cJSON_CreateArray());
		for (size_t i = 0; i < report->known_bugs_count; i++)
			jb_push(b, kbs,
				json_known_bug(b, &report->known_bugs[i]));
	}
	return o;
}

static cJSON *rule_object(struct jb *b, const struct rule *rule)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	add_str(b, o, "id", rule->id);
	add_str(b, o, "bug", rule->bug);
	add_str(b, o, "title", rule->title);
	add_str(b, o, "subsystem", rule->subsystem);
	add_str(b, o, "path", rule->path);
	jb_add(b, o, "fix", json_fix(b, rule));
	add_str(b, o, "root_cause", rule->root_cause);
	jb_add(b, o, "references", string_list(b, &rule->references));
	cJSON *steps = jb_child(b, o, "race", cJSON_CreateArray());
	vector_for_each(const struct race_step, s, &rule->steps) {
		cJSON *so = cJSON_CreateObject();
		add_str(b, so, "actor", s->actor);
		add_str(b, so, "does", s->does);
		jb_push(b, steps, so);
	}
	return o;
}

cJSON *json_report(const struct report *report)
{
	struct jb b = { false };
	return jb_done(&b, report_object(&b, report));
}

cJSON *json_rule(const struct rule *rule)
{
	struct jb b = { false };
	return jb_done(&b, rule_object(&b, rule));
}
