// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cleanup.h"
#include "render/json.h"

static const char *const context_names[] = {
	[FRAME_TASK] = "task",		 [FRAME_IRQ] = "irq",
	[FRAME_SOFTIRQ] = "softirq",	 [FRAME_NMI] = "nmi",
	[FRAME_EXCEPTION] = "exception",
};

static void string_list(struct json_writer *w, const char *key,
			const struct string_vector *v)
{
	jw_array_begin(w, key);
	vector_for_each(char *, s, v)
		jw_string(w, NULL, *s);
	jw_array_end(w);
}

static void write_frame(struct json_writer *w, const char *key,
			const struct frame *f)
{
	jw_object_begin(w, key);
	jw_string(w, "function", f->function);
	jw_string(w, "normalized", f->normalized);
	jw_string(w, "module", f->module);
	jw_hex(w, "address", f->address);
	jw_hex(w, "offset", f->offset);
	jw_hex(w, "length", f->length);
	jw_bool(w, "reliable", f->reliable);
	jw_string(w, "context", context_names[f->context]);
	jw_string(w, "source", f->source);
	if (f->inline_depth) {
		jw_array_begin(w, "inline_chain");
		for (size_t i = 0; i < f->inline_depth; i++) {
			jw_object_begin(w, NULL);
			jw_string(w, "function", f->inline_chain[i].function);
			jw_string(w, "source", f->inline_chain[i].source);
			jw_object_end(w);
		}
		jw_array_end(w);
	}
	jw_object_end(w);
}

static void write_frames(struct json_writer *w, const char *key,
			 const struct frame_vector *frames)
{
	jw_array_begin(w, key);
	vector_for_each(const struct frame, f, frames)
		write_frame(w, NULL, f);
	jw_array_end(w);
}

static void write_page(struct json_writer *w, const struct page_dump *p)
{
	jw_object_begin(w, NULL);
	jw_hex(w, "address", p->address);
	jw_hex(w, "pfn", p->pfn);
	jw_known_int(w, "refcount", p->refcount);
	jw_known_int(w, "mapcount", p->mapcount);
	// A hashed mapping is no address: null, with only its NULL-ness
	// known (a hashed NULL prints as 0, which stays "0x0").
	jw_hex(w, "mapping",
	       p->pointers_hashed == TRI_TRUE && p->mapping.value ?
		       (struct pgr_u64){ 0 } :
		       p->mapping);
	jw_tristate(w, "mapping_null",
		    !p->mapping.known ? TRI_UNKNOWN :
		    p->mapping.value  ? TRI_FALSE :
					TRI_TRUE);
	jw_known_uint(w, "index", p->index);
	jw_hex(w, "head", p->head);
	jw_known_uint(w, "order", p->order);
	jw_known_int(w, "compound_mapcount", p->compound_mapcount);
	jw_tristate(w, "tail", p->is_tail);
	jw_tristate(w, "compound", p->is_compound);
	jw_hex(w, "flags", p->flags);
	string_list(w, "flag_names", &p->flag_names);
	jw_string(w, "reason", p->reason);
	jw_string(w, "aops", p->aops);
	jw_known_uint(w, "ino", p->ino);
	jw_string(w, "dentry", p->dentry);
	string_list(w, "raw", &p->raw);
	jw_known_int(w, "i_size", p->i_size);
	jw_known_uint(w, "nrpages", p->nrpages);
	jw_string(w, "fs_type", p->fs_type);
	jw_tristate(w, "pointers_hashed", p->pointers_hashed);
	jw_hex(w, "address_hash", p->address_hash);
	jw_string(w, "origin",
		  !p->from_memory ? "log" :
		  p->from_log	  ? "log+memory" :
				    "memory");
	jw_object_end(w);
}

static void write_task(struct json_writer *w, const struct task_stack *t)
{
	jw_object_begin(w, NULL);
	if (t->role)
		jw_string(w, "role", t->role);
	jw_string(w, "comm", t->comm);
	jw_known_int(w, "pid", t->pid);
	jw_known_int(w, "cpu", t->cpu);
	char state[2] = { t->state, 0 };
	jw_string(w, "state", t->state ? state : NULL);
	jw_bool(w, "crashed", t->crashed);
	write_frames(w, "frames", &t->frames);
	jw_object_end(w);
}

static void write_tasks(struct json_writer *w, const char *key,
			const struct task_vector *tasks)
{
	jw_array_begin(w, key);
	vector_for_each(const struct task_stack, t, tasks)
		write_task(w, t);
	jw_array_end(w);
}

static void write_record_facts(struct json_writer *w,
			       const struct crash_record *rec)
{
	jw_string(w, "source",
		  rec->source == RECORD_FROM_LOG ? "log" : "vmcore");
	jw_string(w, "kind", crash_kind_name(rec->kind));
	jw_string(w, "title", rec->title);
	jw_string(w, "syz_title", rec->syz_title);
	jw_tristate(w, "corrupted", rec->corrupted);
	jw_string(w, "headline", rec->headline);
	jw_string(w, "message", rec->message);
	const struct frame *g = crash_record_guilty(rec);
	if (g)
		write_frame(w, "guilty_frame", g);
	else
		jw_null(w, "guilty_frame");
	if (rec->has_fault)
		write_frame(w, "fault", &rec->fault);
	else
		jw_null(w, "fault");
	jw_hex(w, "fault_address", rec->fault_address);
	jw_string(w, "source_file", rec->source_file);
	jw_known_uint(w, "source_line", rec->source_line);
	jw_string(w, "arch", rec->arch);
	jw_string(w, "kernel_version", rec->kernel_version);
	jw_string(w, "taint", rec->taint);
	jw_string(w, "hardware", rec->hardware);
	jw_string(w, "comm", rec->comm);
	jw_known_int(w, "pid", rec->pid);
	jw_known_int(w, "cpu", rec->cpu);
	jw_string(w, "panic", rec->panic_message);
}

static void write_record(struct json_writer *w, const struct crash_record *rec)
{
	jw_object_begin(w, "record");
	write_record_facts(w, rec);
	write_frames(w, "frames", &rec->frames);
	jw_object_begin(w, "registers");
	vector_for_each(const struct reg, r, &rec->regs)
		jw_hex(w, r->name, pgr_u64_of(r->value));
	jw_object_end(w);
	string_list(w, "modules", &rec->modules);
	jw_array_begin(w, "pages");
	vector_for_each(const struct page_dump, p, &rec->pages)
		write_page(w, p);
	jw_array_end(w);
	write_tasks(w, "tasks", &rec->tasks);
	write_tasks(w, "object_stacks", &rec->object_stacks);
	jw_array_begin(w, "findings");
	vector_for_each(const struct finding, f, &rec->findings) {
		jw_object_begin(w, NULL);
		jw_string(w, "id", f->id);
		jw_string(w, "text", f->text);
		jw_hex(w, "address", f->address);
		if (f->mapping.known)
			jw_hex(w, "mapping", f->mapping);
		jw_object_end(w);
	}
	jw_array_end(w);
	jw_object_end(w);
}

static void write_fix(struct json_writer *w, const struct rule *rule)
{
	jw_object_begin(w, "fix");
	jw_array_begin(w, "commits");
	vector_for_each(const struct fix_commit, c, &rule->commits) {
		jw_object_begin(w, NULL);
		jw_string(w, "id", c->id);
		jw_string(w, "title", c->title);
		jw_string(w, "release", c->release);
		jw_object_end(w);
	}
	jw_array_end(w);
	jw_string(w, "change", rule->fix_change);
	jw_string(w, "workaround", rule->workaround);
	string_list(w, "fixed_in", &rule->fixed);
	jw_string(w, "introduced", rule->introduced);
	jw_object_end(w);
}

/* What a condition is, as the rule says: the same in every report. */
static void write_condition_text(struct json_writer *w,
				 const struct condition *c)
{
	jw_bool(w, "required", c->required);
	jw_bool(w, "decisive", c->decisive);
	jw_double(w, "weight", c->weight);
	jw_string(w, "expect", c->source_json);
}

static void write_conditions(struct json_writer *w, const struct verdict *v,
			     bool inline_text)
{
	jw_array_begin(w, "conditions");
	vector_for_each(const struct condition_result, r, &v->results) {
		jw_object_begin(w, NULL);
		if (!inline_text)
			jw_uint(w, "condition",
				r->cond - v->rule->conditions.data);
		jw_string(w, "type", condition_type_key(r->cond->type));
		if (inline_text)
			write_condition_text(w, r->cond);
		jw_string(w, "outcome", outcome_name(r->outcome));
		jw_string(w, "fact", r->fact);
		if (inline_text)
			jw_string(w, "why", r->cond->why);
		jw_object_end(w);
	}
	jw_array_end(w);
}

static void write_actors(struct json_writer *w, const struct verdict *v)
{
	jw_array_begin(w, "actors");
	vector_for_each(const struct actor_binding, b, &v->actors) {
		jw_object_begin(w, NULL);
		jw_string(w, "name", b->actor->name);
		jw_string(w, "role", b->actor->role);
		jw_bool(w, "seen", b->bound);
		jw_string(w, "comm", b->bound ? b->comm : NULL);
		jw_known_int(w, "pid",
			     b->bound ? b->pid : (struct pgr_s64){ 0 });
		jw_string(w, "where", b->bound ? b->where : NULL);
		jw_object_end(w);
	}
	jw_array_end(w);
}

/* Ends open: the caller may add to the verdict's object. */
static void write_verdict(struct json_writer *w, const struct verdict *v,
			  bool inline_text)
{
	const struct rule *rule = v->rule;
	jw_object_begin(w, NULL);
	jw_string(w, "signature", rule->id);
	if (inline_text) {
		jw_string(w, "bug", rule->bug);
		jw_string(w, "title", rule->title);
		jw_string(w, "subsystem", rule->subsystem);
	}
	jw_string(w, "level", verdict_level_name(v->level));
	jw_string(w, "level_before_version",
		  verdict_level_name(v->level_before_version));
	jw_int(w, "score", v->score);
	jw_string(w, "version_note", v->version_note);
	write_conditions(w, v, inline_text);
	write_actors(w, v);
	if (inline_text) {
		write_fix(w, rule);
		jw_string(w, "root_cause", rule->root_cause);
		string_list(w, "references", &rule->references);
	}
}

/*
 * Optional "no_verdict_reason" and "nearest": when no rule reached
 * "possible", why, and the rules that came closest, each with its
 * conditions (outcome and fact) and why it gives no verdict.
 */
static void write_nearest(struct json_writer *w, const struct crash_record *rec,
			  const struct verdict_vector *vs, bool inline_text)
{
	if (vs->size && vs->data[0].level != VERDICT_NONE)
		return;
	if (rec->kind == CRASH_UNKNOWN)
		jw_string(
			w, "no_verdict_reason",
			"the crash kind is unknown and no decisive dump finding matched");
	bool open = false;
	vector_for_each(const struct verdict, v, vs) {
		if (!v->nearest)
			continue;
		if (!open)
			jw_array_begin(w, "nearest");
		open = true;
		write_verdict(w, v, inline_text);
		jw_string(w, "none_reason", v->none_reason);
		jw_object_end(w);
	}
	if (open)
		jw_array_end(w);
}

static const char *version_state_name(enum kb_version_state s)
{
	switch (s) {
	case KB_VERSION_BEFORE_BUG:
		return "before_bug";
	case KB_VERSION_AFFECTED:
		return "affected";
	case KB_VERSION_HAS_FIX:
		return "has_fix";
	default:
		return "unknown";
	}
}

/* What a known-bugs entry is: the same in every report that names it. */
static void write_kb_text(struct json_writer *w, const struct kb_entry *e)
{
	jw_string(w, "subject", e->subject);
	jw_string(w, "fixed_in", e->mainline_fix);
	string_list(w, "fix_commits", &e->commits);
	string_list(w, "files", &e->files);
}

static void write_known_bug(struct json_writer *w, const struct kb_candidate *c,
			    struct json_document *doc)
{
	const struct kb_entry *e = c->entry;
	jw_object_begin(w, NULL);
	jw_string(w, "cve", e->id);
	if (!doc)
		jw_string(w, "subject", e->subject);
	jw_string(w, "strength", kb_strength_name(c->strength));
	jw_int(w, "score", c->score);
	jw_string(w, "agrees", c->why);
	jw_string(w, "version_state", version_state_name(c->version_state));
	jw_string(w, "version", c->version_text);
	if (!doc) {
		jw_string(w, "fixed_in", e->mainline_fix);
		string_list(w, "fix_commits", &e->commits);
		string_list(w, "files", &e->files);
	} else if (doc->kb && e >= doc->kb->entries.data &&
		   (size_t)(e - doc->kb->entries.data) < doc->kb_size) {
		doc->kb_used[e - doc->kb->entries.data] = 1;
	}
	jw_object_end(w);
}

void json_write_report(struct json_writer *w, const struct report *report,
		       struct json_document *doc)
{
	const struct crash_record *rec = &report->rec;
	bool inline_text = !doc;
	jw_object_begin(w, NULL);
	jw_string(w, "input", rec->input);
	jw_uint(w, "index", report->index);
	jw_array_begin(w, "lines");
	jw_uint(w, NULL, rec->first_line);
	jw_uint(w, NULL, rec->last_line);
	jw_array_end(w);
	write_record(w, rec);
	jw_object_begin(w, "bucket");
	jw_string(w, "key", report->bucket.key);
	jw_string(w, "hash", report->bucket.hash);
	jw_object_end(w);
	const struct verdict_vector *vs = &report->verdicts;
	jw_string(w, "verdict",
		  vs->size ? verdict_level_name(vs->data[0].level) :
			     verdict_level_name(VERDICT_NONE));
	jw_string(w, "signature",
		  vs->size && vs->data[0].level != VERDICT_NONE ?
			  vs->data[0].rule->id :
			  NULL);
	jw_array_begin(w, "verdicts");
	vector_for_each(const struct verdict, v, vs) {
		if (v->nearest)
			continue;
		write_verdict(w, v, inline_text);
		jw_object_end(w);
	}
	jw_array_end(w);
	write_nearest(w, rec, vs, inline_text);
	if (report->known_bugs_count) {
		jw_array_begin(w, "known_bugs");
		for (size_t i = 0; i < report->known_bugs_count; i++)
			write_known_bug(w, &report->known_bugs[i], doc);
		jw_array_end(w);
	}
	jw_object_end(w);
}

void json_write_rule(struct json_writer *w, const char *key,
		     const struct rule *rule)
{
	jw_object_begin(w, key);
	jw_string(w, "id", rule->id);
	jw_string(w, "bug", rule->bug);
	jw_string(w, "title", rule->title);
	jw_string(w, "subsystem", rule->subsystem);
	jw_string(w, "path", rule->path);
	write_fix(w, rule);
	jw_string(w, "root_cause", rule->root_cause);
	string_list(w, "references", &rule->references);
	jw_array_begin(w, "race");
	vector_for_each(const struct race_step, s, &rule->steps) {
		jw_object_begin(w, NULL);
		jw_string(w, "actor", s->actor);
		jw_string(w, "does", s->does);
		jw_object_end(w);
	}
	jw_array_end(w);
	jw_array_begin(w, "conditions");
	vector_for_each(const struct condition, c, &rule->conditions) {
		jw_object_begin(w, NULL);
		jw_string(w, "type", condition_type_key(c->type));
		write_condition_text(w, c);
		jw_string(w, "why", c->why);
		jw_object_end(w);
	}
	jw_array_end(w);
	jw_object_end(w);
}

void json_write_rules(struct json_writer *w, const struct json_document *doc)
{
	jw_object_begin(w, "rules");
	vector_for_each(struct rule *const, r, &doc->rules->rules) {
		jw_newline(w);
		json_write_rule(w, (*r)->id, *r);
	}
	jw_object_end(w);
}

void json_write_known_bugs(struct json_writer *w,
			   const struct json_document *doc)
{
	jw_object_begin(w, "known_bugs");
	for (size_t i = 0; i < doc->kb_size; i++) {
		if (!doc->kb_used[i])
			continue;
		const struct kb_entry *e = &doc->kb->entries.data[i];
		jw_newline(w);
		jw_object_begin(w, e->id);
		write_kb_text(w, e);
		jw_object_end(w);
	}
	jw_object_end(w);
}

void json_write_document_begin(FILE *out, const struct json_document *doc,
			       const char *pagerace_version)
{
	struct json_writer w;
	fprintf(out,
		"{\"schema_version\":%d,\"pagerace_version\":\"%s\",\n"
		"\"signatures_hash\":\"%016llx\",\n",
		PGR_ANALYZE_SCHEMA_VERSION, pagerace_version,
		(unsigned long long)doc->rules->hash);
	jw_init(&w, out);
	json_write_rules(&w, doc);
	fputs(",\n\"reports\":[\n", out);
}

void json_write_document_report(FILE *out, struct json_document *doc,
				const struct report *report, size_t n)
{
	struct json_writer w;
	if (n)
		fputs(",\n", out);
	jw_init(&w, out);
	json_write_report(&w, report, doc);
}

void json_write_document_end(FILE *out, const struct json_document *doc,
			     const struct json_input_error *errors,
			     size_t nerrors)
{
	struct json_writer w;
	fputs("\n],\n", out);
	jw_init(&w, out);
	json_write_known_bugs(&w, doc);
	fputs(",\n", out);
	jw_init(&w, out);
	jw_array_begin(&w, "errors");
	for (size_t i = 0; i < nerrors; i++) {
		jw_newline(&w);
		jw_object_begin(&w, NULL);
		jw_string(&w, "input", errors[i].input);
		jw_string(&w, "error", errors[i].message);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	fputs("}\n", out);
}

struct pgr_error *json_document_init(struct json_document *doc,
				     const struct rule_set *rules,
				     const struct kb *kb)
{
	*doc = (struct json_document){ .rules = rules, .kb = kb };
	if (!kb || !kb->entries.size)
		return NULL;
	void *map = mmap(NULL, kb->entries.size, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return errno == ENOMEM ? &pgr_enomem :
					 pgr_error_os(errno, "mmap", NULL);
	doc->kb_used = map;
	doc->kb_size = kb->entries.size;
	return NULL;
}

void json_document_deinit(struct json_document *doc)
{
	if (doc->kb_used)
		munmap(doc->kb_used, doc->kb_size);
	doc->kb_used = NULL;
}

cJSON *json_report(const struct report *report)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (!mem)
		return NULL;
	struct json_writer w;
	jw_init(&w, mem);
	json_write_report(&w, report, NULL);
	bool failed = ferror(mem);
	if (fclose(mem) != 0 || failed)
		return NULL;
	return cJSON_ParseWithLength(text, len);
}
