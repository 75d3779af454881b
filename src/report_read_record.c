// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "report_read_priv.h"
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

static bool read_frame(struct rd *rd, const cJSON *obj, struct frame *f)
{
	int context;
	if (!cJSON_IsObject(obj))
		return rd_bad(rd, "frames", "an array of objects");
	if (!rd_str(rd, obj, "function", &f->function) ||
	    !rd_str(rd, obj, "normalized", &f->normalized) ||
	    !rd_str(rd, obj, "module", &f->module) ||
	    !rd_hex(rd, obj, "address", &f->address) ||
	    !rd_hex(rd, obj, "offset", &f->offset) ||
	    !rd_hex(rd, obj, "length", &f->length) ||
	    !rd_bool(rd, obj, "reliable", &f->reliable) ||
	    !rd_name(rd, obj, "context", context_name, 5, &context) ||
	    !rd_str(rd, obj, "source", &f->source))
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
		if (!rd_str(rd, level, "function", &l->function) ||
		    !rd_str(rd, level, "source", &l->source))
			return false;
	}
	return true;
}

static bool read_frames(struct rd *rd, const cJSON *obj, const char *key,
			struct frame_vector *v)
{
	const cJSON *arr, *item;
	if (!rd_array(rd, obj, key, &arr))
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
	if (!rd_text(rd, obj, "origin", &origin))
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
	if (!rd_hex(rd, obj, "address", &p->address) ||
	    !rd_hex(rd, obj, "pfn", &p->pfn) ||
	    !rd_known_int(rd, obj, "refcount", &p->refcount) ||
	    !rd_known_int(rd, obj, "mapcount", &p->mapcount) ||
	    !rd_hex(rd, obj, "mapping", &p->mapping) ||
	    !rd_tri(rd, obj, "mapping_null", &mapping_null) ||
	    !rd_known_uint(rd, obj, "index", &p->index) ||
	    !rd_hex(rd, obj, "head", &p->head) ||
	    !rd_known_uint(rd, obj, "order", &p->order) ||
	    !rd_known_int(rd, obj, "compound_mapcount",
			  &p->compound_mapcount) ||
	    !rd_tri(rd, obj, "tail", &p->is_tail) ||
	    !rd_tri(rd, obj, "compound", &p->is_compound) ||
	    !rd_hex(rd, obj, "flags", &p->flags) ||
	    !rd_strings(rd, obj, "flag_names", &p->flag_names) ||
	    !rd_str(rd, obj, "reason", &p->reason) ||
	    !rd_str(rd, obj, "aops", &p->aops) ||
	    !rd_known_uint(rd, obj, "ino", &p->ino) ||
	    !rd_str(rd, obj, "dentry", &p->dentry) ||
	    !rd_strings(rd, obj, "raw", &p->raw) ||
	    !rd_known_int(rd, obj, "i_size", &p->i_size) ||
	    !rd_known_uint(rd, obj, "nrpages", &p->nrpages) ||
	    !rd_str(rd, obj, "fs_type", &p->fs_type) ||
	    !rd_tri(rd, obj, "pointers_hashed", &p->pointers_hashed) ||
	    !rd_hex(rd, obj, "address_hash", &p->address_hash) ||
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
	if (object_stack && !rd_text(rd, obj, "role", &role))
		return false;
	t->role = role;
	if (!rd_str(rd, obj, "comm", &t->comm) ||
	    !rd_known_int(rd, obj, "pid", &t->pid) ||
	    !rd_known_int(rd, obj, "cpu", &t->cpu) ||
	    !rd_str(rd, obj, "state", &state) ||
	    !rd_bool(rd, obj, "crashed", &t->crashed) ||
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
	if (!rd_array(rd, obj, key, &arr))
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
	if (!rd_array(rd, obj, "findings", &arr))
		return false;
	cJSON_ArrayForEach(item, arr) {
		struct finding *f = finding_vector_append_entry(v);
		if (!f)
			return rd_nomem(rd);
		if (!rd_str(rd, item, "id", &f->id) ||
		    !rd_str(rd, item, "text", &f->text) ||
		    !rd_hex(rd, item, "address", &f->address))
			return false;
		const cJSON *m =
			cJSON_GetObjectItemCaseSensitive(item, "mapping");
		if (m && (!rd_hex_item(rd, m, "mapping", &f->mapping) ||
			  !f->mapping.known))
			return rd_bad(rd, "mapping", "a hex string");
	}
	return true;
}

static bool read_registers(struct rd *rd, const cJSON *obj,
			   struct crash_record *rec)
{
	const cJSON *regs, *item;
	if (!rd_object(rd, obj, "registers", &regs))
		return false;
	cJSON_ArrayForEach(item, regs) {
		struct reg *r = reg_vector_append_entry(&rec->regs);
		struct pgr_u64 v;
		if (!r)
			return rd_nomem(rd);
		if (!rd_hex_item(rd, item, item->string, &v))
			return false;
		if (!v.known)
			return rd_bad(rd, item->string, "a hex string");
		if (!rd_dup_into(rd, item->string, &r->name))
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
	const cJSON *g = rd_member(rd, obj, "guilty_frame");
	const cJSON *fault = rd_member(rd, obj, "fault");
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
	const cJSON *fault = rd_member(rd, obj, "fault");
	if (!fault)
		return false;
	if (!rd_text(rd, obj, "source", &source) ||
	    !rd_name(rd, obj, "kind", kind_name, CRASH_KIND_COUNT, &kind) ||
	    !rd_text(rd, obj, "title", &rec->title) ||
	    !rd_str(rd, obj, "syz_title", &rec->syz_title) ||
	    !rd_tri(rd, obj, "corrupted", &rec->corrupted) ||
	    !rd_str(rd, obj, "headline", &rec->headline) ||
	    !rd_str(rd, obj, "message", &rec->message) ||
	    !rd_hex(rd, obj, "fault_address", &rec->fault_address) ||
	    !rd_str(rd, obj, "source_file", &rec->source_file) ||
	    !rd_known_uint(rd, obj, "source_line", &rec->source_line) ||
	    !rd_str(rd, obj, "arch", &rec->arch) ||
	    !rd_str(rd, obj, "kernel_version", &rec->kernel_version) ||
	    !rd_str(rd, obj, "taint", &rec->taint) ||
	    !rd_str(rd, obj, "hardware", &rec->hardware) ||
	    !rd_str(rd, obj, "comm", &rec->comm) ||
	    !rd_known_int(rd, obj, "pid", &rec->pid) ||
	    !rd_known_int(rd, obj, "cpu", &rec->cpu) ||
	    !rd_str(rd, obj, "panic", &rec->panic_message))
		return false;
	if (strcmp(source, "log") && strcmp(source, "vmcore"))
		return rd_bad(rd, "source", "log or vmcore");
	rec->source = strcmp(source, "log") ? RECORD_FROM_VMCORE :
					      RECORD_FROM_LOG;
	rec->kind = kind;
	rec->has_fault = !cJSON_IsNull(fault);
	return !rec->has_fault || read_frame(rd, fault, &rec->fault);
}

bool rd_record(struct rd *rd, const cJSON *obj, struct crash_record *rec)
{
	const cJSON *pages, *p;
	if (!cJSON_IsObject(obj))
		return rd_bad(rd, "record", "an object");
	if (!read_record_facts(rd, obj, rec) ||
	    !read_frames(rd, obj, "frames", &rec->frames) ||
	    !read_guilty(rd, obj, rec) || !read_registers(rd, obj, rec) ||
	    !rd_strings(rd, obj, "modules", &rec->modules) ||
	    !rd_array(rd, obj, "pages", &pages))
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
