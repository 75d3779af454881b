// SPDX-License-Identifier: GPL-2.0-or-later
// struct page forensics: which pages the crash involved, what they hold
// (flags by name from the pageflags enum, counts, mapping, index,
// compound head and order), the address_space and inode behind them, and
// invariant checks reported as findings.
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmcore/kernel.h" // IWYU pragma: associated
#include "vmcore/page.h"
#include "vmcore/tasks.h"

/** At most this many pages are decoded per crash. */
static const size_t MAX_PAGES = 16;
/** Stack words scanned above the crash's stack pointer. */
static const size_t MAX_STACK_WORDS = 512;
/** Frames of the crashed stack whose words are scanned. */
static const size_t SCAN_FRAMES = 4;

static bool kmem_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	return kread_ok(ctx, addr, buf, len);
}

static const char *kmem_object_name(void *ctx, uint64_t addr)
{
	return kernel_object_name(ctx, addr);
}

static char *kmem_read_string(void *ctx, uint64_t addr, size_t max)
{
	struct vmcore_kernel *k = ctx;
	char *s = NULL;
	kernel_read_ok(k, vmcore_read_string(k->dump, addr, max, &s));
	return s;
}

static bool vmemmap_range(struct vmcore_kernel *k, const struct page_offsets *o,
			  struct vmemmap *ret)
{
	uint64_t var, max_pfn_addr, max_pfn;
	if (o->size <= 0)
		return false;
	// x86-64 randomizes vmemmap's base (vmemmap_base, KASLR); the
	// fixed VMEMMAP_START is the fallback.
	ret->base = UINT64_C(0xffffea0000000000);
	if (symtab_find_name(&k->syms, "vmemmap_base", &var))
		kread_u64_ok(k, var, &ret->base);
	if (!symtab_find_name(&k->syms, "max_pfn", &max_pfn_addr) ||
	    !kread_u64_ok(k, max_pfn_addr, &max_pfn) || max_pfn > (1ull << 40))
		return false;
	ret->end = ret->base + max_pfn * o->size;
	ret->page_size = o->size;
	ret->max_pfn = max_pfn;
	// The direct map is randomized too (page_offset_base).
	ret->direct_base = UINT64_C(0xffff888000000000);
	if (symtab_find_name(&k->syms, "page_offset_base", &var))
		kread_u64_ok(k, var, &ret->direct_base);
	ret->percpu_offsets = 0;
	symtab_find_name(&k->syms, "__per_cpu_offset", &ret->percpu_offsets);
	ret->ncpus = k->ncpus;
	return true;
}

bool vmemmap_contains(const struct vmemmap *v, uint64_t addr)
{
	return addr >= v->base && addr < v->end &&
	       (addr - v->base) % v->page_size == 0;
}

static uint64_t page_pfn(const struct vmemmap *v, uint64_t addr)
{
	return (addr - v->base) / v->page_size;
}

// The page already in the record for the struct page at @p addr: by
// address, or a page of the log known only by its pfn (its pointers were
// hashed), which memory then completes: one page per pfn, not two.
static struct page_dump *find_page(struct crash_record *rec,
				   const struct vmemmap *v, uint64_t addr)
{
	vector_for_each(struct page_dump, p, &rec->pages) {
		if (p->address.known && p->address.value == addr)
			return p;
	}
	uint64_t pfn = page_pfn(v, addr);
	vector_for_each(struct page_dump, p, &rec->pages) {
		if (!p->address.known && !p->from_memory && p->pfn.known &&
		    p->pfn.value == pfn)
			return p;
	}
	return NULL;
}

/** A struct page the crash refers to, and how. */
struct candidate {
	uint64_t addr;
	char why[48];
};
DEFINE_VECTOR(candidate_vector, struct candidate)

static bool add_candidate(const struct vmemmap *v, uint64_t addr,
			  struct candidate_vector *out, const char *fmt, ...)
	__attribute__((__format__(__printf__, 4, 5)));
static bool add_candidate(const struct vmemmap *v, uint64_t addr,
			  struct candidate_vector *out, const char *fmt, ...)
{
	if (!vmemmap_contains(v, addr) || out->size >= MAX_PAGES)
		return true;
	vector_for_each(const struct candidate, c, out) {
		if (c->addr == addr)
			return true;
	}
	struct candidate *c = candidate_vector_append_entry(out);
	if (!c)
		return false;
	c->addr = addr;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	return true;
}

// Words of the crashing frames: from the crash's stack pointer up to
// the stack pointer of the SCAN_FRAMES-th frame.
static bool scan_stack(struct vmcore_kernel *k, const struct crash_context *c,
		       const struct vmemmap *v, struct candidate_vector *out)
{
	// From the fault itself when the note was taken later, in panic().
	const uint64_t *regs = c->have_fault_regs ? c->fault_regs : c->regs;
	struct unwind_start s = { .ip = regs[PT_IP],
				  .sp = regs[PT_SP],
				  .bp = regs[PT_BP],
				  .have_regs = true,
				  .signal = true,
				  .stack_base = c->stack };
	memcpy(s.regs, regs, sizeof(s.regs));
	struct unwound_frame uf[8];
	size_t n = unwind_stack(k, &s, uf, SCAN_FRAMES + 1);
	uint64_t lo = regs[PT_SP];
	uint64_t hi = n ? uf[n - 1].sp : lo;
	if (hi <= lo || (hi - lo) / 8 > MAX_STACK_WORDS)
		hi = lo + 8 * MAX_STACK_WORDS;
	uint64_t words[64];
	for (uint64_t a = lo; a < hi; a += sizeof(words)) {
		size_t len = hi - a < sizeof(words) ? hi - a : sizeof(words);
		if (!kread_ok(k, a, words, len))
			break;
		for (size_t i = 0; i < len / 8; i++)
			if (!add_candidate(v, words[i], out,
					   "the crashing stack at 0x%" PRIx64,
					   a + 8 * i))
				return false;
	}
	return true;
}

static bool reg_candidates(struct crash_record *rec, const struct vmemmap *v,
			   const struct crash_context *c,
			   struct candidate_vector *out)
{
	vector_for_each(const struct reg, r, &rec->regs) {
		if (!add_candidate(v, r->value, out, "register %s", r->name))
			return false;
	}
	for (int r = 0; c->valid && c->have_fault_regs && r < PT_NREGS; r++)
		if (!add_candidate(v, c->fault_regs[r], out, "register %s",
				   pt_reg_names[r]))
			return false;
	for (int r = 0; c->valid && c->have_regs && r < PT_NREGS; r++)
		if (!add_candidate(v, c->regs[r], out, "register %s",
				   pt_reg_names[r]))
			return false;
	return true;
}

// Pages named by the log first, then the crashed CPU's registers, then
// the crashing frames' stack words.
static struct pgr_error *candidates(struct vmcore_kernel *k,
				    struct crash_record *rec,
				    const struct crash_context *c,
				    const struct vmemmap *v,
				    struct candidate_vector *out)
{
	vector_for_each(const struct page_dump, p, &rec->pages) {
		// A hashed or missing page: address: its pfn still names it.
		uint64_t addr = p->address.value;
		if (!p->address.known && p->pfn.known)
			addr = v->base + p->pfn.value * v->page_size;
		else if (!p->address.known)
			continue;
		if (!add_candidate(v, addr, out, "the log's dump_page()"))
			return &pgr_enomem;
	}
	if (!reg_candidates(rec, v, c, out))
		return &pgr_enomem;
	if (c->valid && c->have_regs && !scan_stack(k, c, v, out))
		return &pgr_enomem;
	return NULL;
}

static struct pgr_error *stale_registers(const struct page_env *e,
					 const struct crash_context *c)
{
	struct pgr_error *err = NULL;
	for (int r = 0; !err && c->valid && c->have_fault_regs && r < PT_NREGS;
	     r++)
		err = page_register_check(e, pt_reg_names[r], c->fault_regs[r]);
	for (int r = 0; !err && c->valid && c->have_regs && r < PT_NREGS; r++)
		err = page_register_check(e, pt_reg_names[r], c->regs[r]);
	vector_for_each(const struct reg, r, &e->rec->regs) {
		if (err)
			break;
		err = page_register_check(e, r->name, r->value);
	}
	return err;
}

static bool frames_name(const struct frame_vector *v, const char *name)
{
	vector_for_each(const struct frame, f, v) {
		if (f->normalized && strcmp(f->normalized, name) == 0)
			return true;
		if (f->function && strcmp(f->function, name) == 0)
			return true;
	}
	return false;
}

// Whether the crashed task is in @p name: the log's trace, its fault
// site, or its stack unwound from memory.
static bool crashed_in(const struct crash_record *rec, const char *name)
{
	if (rec->has_fault && rec->fault.function &&
	    strcmp(rec->fault.function, name) == 0)
		return true;
	if (frames_name(&rec->frames, name))
		return true;
	vector_for_each(const struct task_stack, t, &rec->tasks) {
		if (t->crashed && frames_name(&t->frames, name))
			return true;
	}
	return false;
}

static struct pgr_error *page_forensics(struct vmcore_kernel *k,
					struct crash_record *rec)
{
	struct page_offsets o;
	struct vmemmap v;
	if (!page_layout(k, &o))
		return pgr_error_format(PGR_ERROR_NOT_FOUND,
					"struct page layout unknown: %s",
					o.problem);
	if (!vmemmap_range(k, &o, &v))
		return pgr_error_create(PGR_ERROR_NOT_FOUND,
					"vmemmap or max_pfn unknown");
	const struct page_mem mem = { .ctx = k,
				      .read = kmem_read,
				      .object_name = kmem_object_name,
				      .read_string = kmem_read_string };
	// The WARN in dax_disassociate_entry() is about the page it
	// disassociates; the function kept its name from 4.17 to 6.14.
	const struct page_env e = { .mem = &mem,
				    .o = &o,
				    .v = &v,
				    .rec = rec,
				    .in_dax_disassociate = crashed_in(
					    rec, "dax_disassociate_entry") };
	struct candidate_vector pages;
	candidate_vector_init(&pages);
	struct crash_context c;
	struct pgr_error *err = tasks_crash_context(k, &c);
	// Without a known crashing CPU, the pages of the record still count.
	if (err != &pgr_enomem) {
		pgr_error_destroy(err);
		err = candidates(k, rec, &c, &v, &pages);
	}
	for (size_t i = 0; !err && i < pages.size; i++) {
		struct candidate cand = pages.data[i];
		struct page_dump *p = find_page(rec, &v, cand.addr);
		bool added = !p, read;
		if (added && !(p = record_add_page(rec))) {
			err = &pgr_enomem;
			break;
		}
		err = page_decode(&e, cand.addr, cand.why, p, &read);
		if (added && !read) {
			// Not in the dump, and nobody printed it: no page.
			rec->pages.size--;
			continue;
		}
		// The head of a tail page is involved too.
		if (!err && p->head.known && pages.size < MAX_PAGES + 4 &&
		    !find_page(rec, &v, p->head.value)) {
			struct candidate *h =
				candidate_vector_append_entry(&pages);
			if (!h) {
				err = &pgr_enomem;
				break;
			}
			h->addr = p->head.value;
			snprintf(h->why, sizeof(h->why),
				 "the head of 0x%" PRIx64, cand.addr);
		}
	}
	if (!err)
		err = stale_registers(&e, &c);
	candidate_vector_deinit(&pages);
	// A layout part that failed its check: what needs it is unknown.
	if (!err && o.problem &&
	    !(err = record_finding(rec, "vmcore-unread", 0, o.problem)))
		rec->findings.data[rec->findings.size - 1].address =
			(struct pgr_u64){ 0 };
	return err;
}

struct pgr_error *vmcore_page_forensics(struct vmcore_kernel *k,
					struct crash_record *rec)
{
	return kernel_deferred(k, page_forensics(k, rec));
}
