// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>

#include "render/json.h"

static const char *const context_names[] = {
	[FRAME_TASK] = "task",	   [FRAME_IRQ] = "irq",
	[FRAME_SOFTIRQ] = "softirq", [FRAME_NMI] = "nmi",
	[FRAME_EXCEPTION] = "exception",
};

/* Failed additions surface as a NULL at the end: cJSON keeps going. */
static void add_str(cJSON *obj, const char *key, const char *s)
{
	cJSON_AddItemToObject(obj, key, s ? cJSON_CreateString(s) :
					    cJSON_CreateNull());
}

static void add_hex(cJSON *obj, const char *key, struct pgr_u64 v)
{
	char buf[24];
	if (!v.known) {
		cJSON_AddNullToObject(obj, key);
		return;
	}
	snprintf(buf, sizeof(buf), "0x%" PRIx64, v.value);
	cJSON_AddStringToObject(obj, key, buf);
}

static void add_u64(cJSON *obj, const char *key, struct pgr_u64 v)
{
	if (v.known)
		cJSON_AddNumberToObject(obj, key, (double)v.value);
	else
		cJSON_AddNullToObject(obj, key);
}

static void add_s64(cJSON *obj, const char *key, struct pgr_s64 v)
{
	if (v.known)
		cJSON_AddNumberToObject(obj, key, (double)v.value);
	else
		cJSON_AddNullToObject(obj, key);
}

static void add_tristate(cJSON *obj, const char *key, enum tristate t)
{
	if (t == TRI_UNKNOWN)
		cJSON_AddNullToObject(obj, key);
	else
		cJSON_AddBoolToObject(obj, key, t == TRI_TRUE);
}

static cJSON *string_list(const struct string_vector *v)
{
	cJSON *arr = cJSON_CreateArray();
	vector_for_each(char *, s, v)
		cJSON_AddItemToArray(arr, cJSON_CreateString(*s));
	return arr;
}

static cJSON *json_frame(const struct frame *f)
{
	cJSON *o = cJSON_CreateObject();
	add_str(o, "function", f->function);
	add_str(o, "normalized", f->normalized);
	add_str(o, "module", f->module);
	add_hex(o, "address", f->address);
	add_hex(o, "offset", f->offset);
	add_hex(o, "length", f->length);
	cJSON_AddBoolToObject(o, "reliable", f->reliable);
	cJSON_AddStringToObject(o, "context", context_names[f->context]);
	add_str(o, "source", f->source);
	if (f->inline_depth) {
		cJSON *chain = cJSON_AddArrayToObject(o, "inline_chain");
		for (size_t i = 0; chain && i < f->inline_depth; i++) {
			cJSON *l = cJSON_CreateObject();
			add_str(l, "function", f->inline_chain[i].function);
			add_str(l, "source", f->inline_chain[i].source);
			cJSON_AddItemToArray(chain, l);
		}
	}
	return o;
}

static cJSON *json_frames(const struct frame_vector *frames)
{
	cJSON *arr = cJSON_CreateArray();
	vector_for_each(const struct frame, f, frames)
		cJSON_AddItemToArray(arr, json_frame(f));
	return arr;
}

static cJSON *json_page(const struct page_dump *p)
{
	cJSON *o = cJSON_CreateObject();
	add_hex(o, "address", p->address);
	add_hex(o, "pfn", p->pfn);
	add_s64(o, "refcount", p->refcount);
	add_s64(o, "mapcount", p->mapcount);
	// A hashed mapping is no address: null, with only its NULL-ness
	// known (a hashed NULL prints as 0, which stays "0x0").
	add_hex(o, "mapping",
		p->pointers_hashed == TRI_TRUE && p->mapping.value ?
			(struct pgr_u64){ 0 } :
			p->mapping);
	add_tristate(o, "mapping_null",
		     !p->mapping.known ? TRI_UNKNOWN :
		     p->mapping.value  ? TRI_FALSE :
					 TRI_TRUE);
	add_u64(o, "index", p->index);
	add_hex(o, "head", p->head);
	add_u64(o, "order", p->order);
	add_s64(o, "compound_mapcount", p->compound_mapcount);
	add_tristate(o, "tail", p->is_tail);
	add_tristate(o, "compound", p->is_compound);
	add_hex(o, "flags", p->flags);
	cJSON_AddItemToObject(o, "flag_names", string_list(&p->flag_names));
	add_str(o, "reason", p->reason);
	add_str(o, "aops", p->aops);
	add_u64(o, "ino", p->ino);
	add_str(o, "dentry", p->dentry);
	cJSON_AddItemToObject(o, "raw", string_list(&p->raw));
	add_s64(o, "i_size", p->i_size);
	add_u64(o, "nrpages", p->nrpages);
	add_str(o, "fs_type", p->fs_type);
	add_tristate(o, "pointers_hashed", p->pointers_hashed);
	add_hex(o, "address_hash", p->address_hash);
	add_str(o, "origin", !p->from_memory ? "log" :
			     p->from_log     ? "log+memory" :
					       "memory");
	return o;
}

static cJSON *json_task(const struct task_stack *t)
{
	cJSON *o = cJSON_CreateObject();
	if (t->role)
		add_str(o, "role", t->role);
	add_str(o, "comm", t->comm);
	add_s64(o, "pid", t->pid);
	add_s64(o, "cpu", t->cpu);
	char state[2] = { t->state, 0 };
	add_str(o, "state", t->state ? state : NULL);
	cJSON_AddBoolToObject(o, "crashed", t->crashed);
	cJSON_AddItemToObject(o, "frames", json_frames(&t->frames));
	return o;
}

static cJSON *json_record_facts(const struct crash_record *rec)
{
	cJSON *o = cJSON_CreateObject();
	add_str(o, "source", rec->source == RECORD_FROM_LOG ? "log" : "vmcore");
	add_str(o, "kind", crash_kind_name(rec->kind));
	add_str(o, "title", rec->title);
	add_str(o, "syz_title", rec->syz_title);
	add_tristate(o, "corrupted", rec->corrupted);
	add_str(o, "headline", rec->headline);
	add_str(o, "message", rec->message);
	const struct frame *g = crash_record_guilty(rec);
	cJSON_AddItemToObject(o, "guilty_frame",
			      g ? json_frame(g) : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "fault", rec->has_fault ?
						  json_frame(&rec->fault) :
						  cJSON_CreateNull());
	add_hex(o, "fault_address", rec->fault_address);
	add_str(o, "source_file", rec->source_file);
	add_u64(o, "source_line", rec->source_line);
	add_str(o, "arch", rec->arch);
	add_str(o, "kernel_version", rec->kernel_version);
	add_str(o, "taint", rec->taint);
	add_str(o, "hardware", rec->hardware);
	add_str(o, "comm", rec->comm);
	add_s64(o, "pid", rec->pid);
	add_s64(o, "cpu", rec->cpu);
	add_str(o, "panic", rec->panic_message);
	return o;
}

static cJSON *json_record(const struct crash_record *rec)
{
	cJSON *o = json_record_facts(rec);
	cJSON_AddItemToObject(o, "frames", json_frames(&rec->frames));
	cJSON *regs = cJSON_CreateObject();
	char buf[24];
	vector_for_each(const struct reg, r, &rec->regs) {
		snprintf(buf, sizeof(buf), "0x%" PRIx64, r->value);
		cJSON_AddStringToObject(regs, r->name, buf);
	}
	cJSON_AddItemToObject(o, "registers", regs);
	cJSON_AddItemToObject(o, "modules", string_list(&rec->modules));
	cJSON *pages = cJSON_AddArrayToObject(o, "pages");
	vector_for_each(const struct page_dump, p, &rec->pages)
		cJSON_AddItemToArray(pages, json_page(p));
	cJSON *tasks = cJSON_AddArrayToObject(o, "tasks");
	vector_for_each(const struct task_stack, t, &rec->tasks)
		cJSON_AddItemToArray(tasks, json_task(t));
	cJSON *objs = cJSON_AddArrayToObject(o, "object_stacks");
	vector_for_each(const struct task_stack, t, &rec->object_stacks)
		cJSON_AddItemToArray(objs, json_task(t));
	cJSON *findings = cJSON_AddArrayToObject(o, "findings");
	vector_for_each(const struct finding, f, &rec->findings) {
		cJSON *fo = cJSON_CreateObject();
		add_str(fo, "id", f->id);
		add_str(fo, "text", f->text);
		add_hex(fo, "address", f->address);
		if (f->mapping.known)
			add_hex(fo, "mapping", f->mapping);
		cJSON_AddItemToArray(findings, fo);
	}
	return o;
}

static cJSON *json_fix(const struct rule *rule)
{
	cJSON *fix = cJSON_CreateObject();
	cJSON *commits = cJSON_AddArrayToObject(fix, "commits");
	vector_for_each(const struct fix_commit, c, &rule->commits) {
		cJSON *co = cJSON_CreateObject();
		add_str(co, "id", c->id);
		add_str(co, "title", c->title);
		add_str(co, "release", c->release);
		cJSON_AddItemToArray(commits, co);
	}
	add_str(fix, "change", rule->fix_change);
	add_str(fix, "workaround", rule->workaround);
	cJSON_AddItemToObject(fix, "fixed_in", string_list(&rule->fixed));
	add_str(fix, "introduced", rule->introduced);
	return fix;
}

static cJSON *json_verdict(const struct verdict *v)
{
	const struct rule *rule = v->rule;
	cJSON *o = cJSON_CreateObject();
	add_str(o, "signature", rule->id);
	add_str(o, "bug", rule->bug);
	add_str(o, "title", rule->title);
	add_str(o, "subsystem", rule->subsystem);
	add_str(o, "level", verdict_level_name(v->level));
	add_str(o, "level_before_version",
		verdict_level_name(v->level_before_version));
	cJSON_AddNumberToObject(o, "score", v->score);
	add_str(o, "version_note", v->version_note);
	cJSON *conds = cJSON_AddArrayToObject(o, "conditions");
	vector_for_each(const struct condition_result, r, &v->results) {
		cJSON *c = cJSON_CreateObject();
		add_str(c, "type", condition_type_key(r->cond->type));
		cJSON_AddBoolToObject(c, "required", r->cond->required);
		cJSON_AddBoolToObject(c, "decisive", r->cond->decisive);
		cJSON_AddNumberToObject(c, "weight", r->cond->weight);
		add_str(c, "expect", r->cond->source_json);
		add_str(c, "outcome", outcome_name(r->outcome));
		add_str(c, "fact", r->fact);
		add_str(c, "why", r->cond->why);
		cJSON_AddItemToArray(conds, c);
	}
	cJSON *actors = cJSON_AddArrayToObject(o, "actors");
	vector_for_each(const struct actor_binding, b, &v->actors) {
		cJSON *a = cJSON_CreateObject();
		add_str(a, "name", b->actor->name);
		add_str(a, "role", b->actor->role);
		cJSON_AddBoolToObject(a, "seen", b->bound);
		add_str(a, "comm", b->bound ? b->comm : NULL);
		add_s64(a, "pid", b->bound ? b->pid : (struct pgr_s64){ 0 });
		add_str(a, "where", b->bound ? b->where : NULL);
		cJSON_AddItemToArray(actors, a);
	}
	cJSON_AddItemToObject(o, "fix", json_fix(rule));
	add_str(o, "root_cause", rule->root_cause);
	cJSON_AddItemToObject(o, "references", string_list(&rule->references));
	return o;
}

/*
 * Optional "no_verdict_reason" and "nearest": when no rule reached
 * "possible", why, and the rules that came closest, each with its
 * conditions (outcome and fact) and why it gives no verdict.
 */
static void json_nearest(cJSON *o, const struct crash_record *rec,
			 const struct verdict_vector *vs)
{
	if (vs->size && vs->data[0].level != VERDICT_NONE)
		return;
	if (rec->kind == CRASH_UNKNOWN)
		add_str(o, "no_verdict_reason",
			"the crash kind is unknown and no decisive dump finding matched");
	cJSON *arr = NULL;
	vector_for_each(const struct verdict, v, vs) {
		if (!v->nearest)
			continue;
		if (!arr)
			arr = cJSON_AddArrayToObject(o, "nearest");
		cJSON *n = json_verdict(v);
		add_str(n, "none_reason", v->none_reason);
		cJSON_AddItemToArray(arr, n);
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

static cJSON *json_known_bug(const struct kb_candidate *c)
{
	const struct kb_entry *e = c->entry;
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	add_str(o, "cve", e->id);
	add_str(o, "subject", e->subject);
	add_str(o, "strength", kb_strength_name(c->strength));
	cJSON_AddNumberToObject(o, "score", c->score);
	add_str(o, "agrees", c->why);
	add_str(o, "version_state", version_state_name(c->version_state));
	add_str(o, "version", c->version_text);
	add_str(o, "fixed_in", e->mainline_fix);
	cJSON_AddItemToObject(o, "fix_commits", string_list(&e->commits));
	cJSON_AddItemToObject(o, "files", string_list(&e->files));
	return o;
}

cJSON *json_report(const struct report *report)
{
	const struct crash_record *rec = &report->rec;
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	add_str(o, "input", rec->input);
	cJSON_AddNumberToObject(o, "index", report->index);
	cJSON *lines = cJSON_AddArrayToObject(o, "lines");
	cJSON_AddItemToArray(lines, cJSON_CreateNumber(rec->first_line));
	cJSON_AddItemToArray(lines, cJSON_CreateNumber(rec->last_line));
	cJSON_AddItemToObject(o, "record", json_record(rec));
	cJSON *bucket = cJSON_AddObjectToObject(o, "bucket");
	add_str(bucket, "key", report->bucket.key);
	add_str(bucket, "hash", report->bucket.hash);
	const struct verdict_vector *vs = &report->verdicts;
	add_str(o, "verdict", vs->size ? verdict_level_name(vs->data[0].level) :
					 verdict_level_name(VERDICT_NONE));
	add_str(o, "signature", vs->size && vs->data[0].level != VERDICT_NONE ?
					vs->data[0].rule->id :
					NULL);
	cJSON *arr = cJSON_AddArrayToObject(o, "verdicts");
	vector_for_each(const struct verdict, v, vs) {
		if (!v->nearest)
			cJSON_AddItemToArray(arr, json_verdict(v));
	}
	json_nearest(o, rec, vs);
	if (report->known_bugs_count) {
		cJSON *kbs = cJSON_AddArrayToObject(o, "known_bugs");
		for (size_t i = 0; i < report->known_bugs_count; i++)
			cJSON_AddItemToArray(kbs,
					     json_known_bug(&report->known_bugs[i]));
	}
	return o;
}

cJSON *json_rule(const struct rule *rule)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	add_str(o, "id", rule->id);
	add_str(o, "bug", rule->bug);
	add_str(o, "title", rule->title);
	add_str(o, "subsystem", rule->subsystem);
	add_str(o, "path", rule->path);
	cJSON_AddItemToObject(o, "fix", json_fix(rule));
	add_str(o, "root_cause", rule->root_cause);
	cJSON_AddItemToObject(o, "references", string_list(&rule->references));
	cJSON *steps = cJSON_AddArrayToObject(o, "race");
	vector_for_each(const struct race_step, s, &rule->steps) {
		cJSON *so = cJSON_CreateObject();
		add_str(so, "actor", s->actor);
		add_str(so, "does", s->does);
		cJSON_AddItemToArray(steps, so);
	}
	return o;
}
