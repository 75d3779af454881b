// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The signature engine on records built as the vmcore reader builds them:
 * the shipped rules name each race from dump findings, with other kernels'
 * function names and other module and thread names, and stay silent on a
 * record whose kind is unknown and that proves nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "signature/engine.h"
#include "signature/rules.h"
#include "tap.h"

static struct rule_set rules;

static void frame(struct crash_record *rec, struct frame_vector *v,
		  const char *fn, const char *module)
{
	struct frame *f = frame_vector_push(rec, v, fn, strlen(fn));
	if (f && module)
		f->module = record_strdup(rec, module);
}

static void fault(struct crash_record *rec, const char *fn)
{
	rec->has_fault = true;
	rec->fault.function = record_strdup(rec, fn);
	rec->fault.normalized = rec->fault.function;
	rec->fault.reliable = true;
	frame(rec, &rec->frames, fn, NULL);
}

static struct page_dump *page(struct crash_record *rec, uint64_t addr,
			      uint64_t mapping)
{
	struct page_dump *p = record_add_page(rec);
	p->address = pgr_u64_of(addr);
	p->mapping = pgr_u64_of(mapping);
	p->refcount = pgr_s64_of(2);
	p->is_tail = TRI_FALSE;
	p->from_memory = true;
	p->pointers_hashed = TRI_FALSE;
	return p;
}

static void finding(struct crash_record *rec, const char *id, uint64_t addr)
{
	struct finding *f = finding_vector_append_entry(&rec->findings);
	f->id = record_strdup(rec, id);
	f->text = record_strdup(rec, id);
	f->address = pgr_u64_of(addr);
}

static void task(struct crash_record *rec, const char *comm, const char *fn)
{
	struct task_stack *t = record_add_task(rec);
	t->comm = record_strdup(rec, comm);
	t->pid = pgr_s64_of(100 + (int64_t)rec->tasks.size);
	frame(rec, &t->frames, "__schedule", NULL);
	frame(rec, &t->frames, fn, NULL);
}

static void dump(struct crash_record *rec, enum crash_kind kind)
{
	crash_record_init(rec);
	rec->source = RECORD_FROM_VMCORE;
	rec->kind = kind;
}

/* The top verdict's rule id and level, after crash_record_finish(). */
static void top(struct crash_record *rec, const char **id,
		enum verdict_level *level, char **note)
{
	struct verdict_vector vs = { 0 };
	*id = "-";
	*level = VERDICT_NONE;
	*note = NULL;
	if (crash_record_finish(rec) ||
	    engine_evaluate(&rules, rec, false, &vs))
		return;
	if (vs.size && vs.data[0].level != VERDICT_NONE) {
		*id = vs.data[0].rule->id;
		*level = vs.data[0].level;
		if (vs.data[0].version_note)
			*note = strdup(vs.data[0].version_note);
	}
	verdicts_deinit(&vs);
}

static void expect(struct crash_record *rec, const char *want,
		   enum verdict_level at_least, const char *name)
{
	const char *id;
	enum verdict_level level;
	char *note;
	top(rec, &id, &level, &note);
	ok(strcmp(id, want) == 0 && level >= at_least,
	   "%s: %s %s (want %s, at least %s)", name, id,
	   verdict_level_name(level), want, verdict_level_name(at_least));
	free(note);
	crash_record_deinit(rec);
}

int main(void)
{
	const char *path = getenv("PAGERACE_SIGNATURES");
	rule_set_init(&rules);
	if (!path || rule_set_load(&rules, path, false, NULL)) {
		puts("1..0 # SKIP no rule set (PAGERACE_SIGNATURES)");
		return 0;
	}
	struct crash_record rec;

	// B on a 6.x kernel: truncate_inode_folio, the collapse thread renamed.
	dump(&rec, CRASH_BUG);
	fault(&rec, "truncate_inode_folio");
	frame(&rec, &rec.frames, "truncate_inode_pages_range", NULL);
	page(&rec, 0x1000, 0x9000)->is_tail = TRI_TRUE;
	finding(&rec, "tail-where-head-expected", 0x1000);
	task(&rec, "worker/3", "collapse_file");
	expect(&rec, "thp-truncate-tail-page", VERDICT_LIKELY,
	       "B tail page, 6.x names, no source file");

	// The same dump with its log lost: kind and RIP unknown.
	dump(&rec, CRASH_UNKNOWN);
	page(&rec, 0x1000, 0x9000)->is_tail = TRI_TRUE;
	finding(&rec, "tail-where-head-expected", 0x1000);
	task(&rec, "worker/3", "collapse_file");
	expect(&rec, "thp-truncate-tail-page", VERDICT_POSSIBLE,
	       "B from the dump finding alone");

	// A finding about a page that is not the crash's binds nothing.
	dump(&rec, CRASH_UNKNOWN);
	page(&rec, 0x1000, 0x9000);
	finding(&rec, "tail-where-head-expected", 0x5000);
	task(&rec, "khugepaged", "collapse_file");
	expect(&rec, "-", VERDICT_NONE,
	       "unknown kind, finding on another page: no verdict");

	// Unknown kind, a decisive-looking page fact but no finding.
	dump(&rec, CRASH_UNKNOWN);
	page(&rec, 0x1000, 0x9000)->is_tail = TRI_TRUE;
	expect(&rec, "-", VERDICT_NONE,
	       "unknown kind and no required condition matched: no verdict");

	// A in another module (llcrash), the shrinker thread renamed.
	dump(&rec, CRASH_NULL_DEREF);
	fault(&rec, "ll_readahead");
	frame(&rec, &rec.frames, "ll_readpage", "llcrash");
	frame(&rec, &rec.frames, "filemap_fault", NULL);
	page(&rec, 0x2000, 0);
	finding(&rec, "mapping-null-with-refs", 0x2000);
	task(&rec, "reclaimer", "llap_shrink_cache");
	expect(&rec, "lustre-readahead-null-mapping", VERDICT_LIKELY,
	       "A in llcrash.ko");

	// C: the DIO pin held by a task of another name.
	dump(&rec, CRASH_WARNING);
	fault(&rec, "dax_disassociate_entry");
	frame(&rec, &rec.frames, "__dax_invalidate_entry", NULL);
	frame(&rec, &rec.frames, "truncate_pagecache_range", NULL);
	frame(&rec, &rec.frames, "ext4_punch_hole", NULL);
	finding(&rec, "dax-entry-refcount-elevated", 0x3000);
	task(&rec, "fio", "iomap_dio_rw");
	expect(&rec, "ext4-dax-dio-truncate-refcount", VERDICT_LIKELY,
	       "C from the finding and the DIO task");

	// E on 6.x: the check sits in isolate_migratepages_block; a register
	// holds the stale pointer to the freed address_space.
	dump(&rec, CRASH_GPF);
	fault(&rec, "isolate_migratepages_block");
	frame(&rec, &rec.frames, "compact_zone", NULL);
	page(&rec, 0x4000, 0);
	finding(&rec, "mapping-freed", 0xdead000);
	expect(&rec, "isolate-lru-mapping-uaf", VERDICT_LIKELY,
	       "E: the freed-mapping fault in isolation");

	// D on 5.11-rc1 has the page-reuse fix (v5.10-rc6), not c2407cf7d22d.
	dump(&rec, CRASH_BUG);
	rec.kernel_version = record_strdup(&rec, "5.11.0-rc1");
	fault(&rec, "write_cache_pages");
	frame(&rec, &rec.frames, "do_writepages", NULL);
	task(&rec, "kworker/u8:2", "folio_end_writeback");
	expect(&rec, "writeback-stale-wakeup-no-reuse", VERDICT_LIKELY,
	       "D on 5.11-rc1: the no-reuse race");
	dump(&rec, CRASH_BUG);
	rec.kernel_version = record_strdup(&rec, "5.9.8");
	fault(&rec, "write_cache_pages");
	frame(&rec, &rec.frames, "do_writepages", NULL);
	task(&rec, "kworker/u8:2", "end_page_writeback");
	expect(&rec, "writeback-stale-wakeup", VERDICT_LIKELY,
	       "D on 5.9.8: the page-reuse race");
	{
		struct verdict_vector vs = { 0 };
		dump(&rec, CRASH_BUG);
		rec.kernel_version = record_strdup(&rec, "5.11.0-rc1");
		fault(&rec, "write_cache_pages");
		task(&rec, "kworker/u8:2", "end_page_writeback");
		crash_record_finish(&rec);
		engine_evaluate(&rules, &rec, false, &vs);
		bool reuse_likely = false;
		vector_for_each(struct verdict, v, &vs)
			reuse_likely |= strcmp(v->rule->id,
					       "writeback-stale-wakeup") == 0 &&
					v->level >= VERDICT_LIKELY;
		ok(!reuse_likely,
		   "D on 5.11-rc1 is not the page-reuse race likely");
		verdicts_deinit(&vs);
		crash_record_deinit(&rec);
	}

	// A distribution kernel: by version unknown.
	{
		const char *id;
		enum verdict_level level;
		char *note;
		dump(&rec, CRASH_BUG);
		rec.kernel_version = record_strdup(&rec, "5.4.0-91-generic");
		fault(&rec, "write_cache_pages");
		task(&rec, "kworker/u8:2", "end_page_writeback");
		top(&rec, &id, &level, &note);
		ok(note &&
			   strstr(note,
				  "by version: unknown, backports likely") &&
			   strstr(note, "based on 5.4"),
		   "Ubuntu kernel: by version unknown, base shown (%s)",
		   note ? note : "no note");
		free(note);
		crash_record_deinit(&rec);
	}
	rule_set_deinit(&rules);
	return tap_done();
}
