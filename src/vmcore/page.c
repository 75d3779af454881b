// SPDX-License-Identifier: GPL-2.0-or-later
// struct page forensics: which pages the crash involved, what they hold
// (flags by name from the pageflags enum, counts, mapping, index,
// compound head and order), the address_space and inode behind them, and
// invariant checks reported as findings.
#include <inttypes.h>
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

/** Slab poison (POISON_FREE) repeated over a freed object. */
static const uint64_t SLAB_POISON = UINT64_C(0x6b6b6b6b6b6b6b6b);

static void page_offsets(struct vmcore_kernel *k, struct page_offsets *o)
{
	// Newer kernels renamed page->index to __folio_index as users moved
	// to folio->index: ask for either name rather than for a version.
	static const char *const index[] = { "index", "__folio_index", NULL };
	o->size = types_size(k, "page");
	o->flags = types_offset(k, "page", "flags");
	o->compound_head = types_offset(k, "page", "compound_head");
	o->mapping = types_offset(k, "page", "mapping");
	o->index = types_offset_any(k, "page", index);
	o->refcount = types_offset(k, "page", "_refcount");
	o->mapcount = types_offset(k, "page", "_mapcount");
	o->compound_order = types_offset(k, "page", "compound_order");
	o->folio_order = types_offset(k, "folio", "_folio_order");
	o->as_host = types_offset(k, "address_space", "host");
	o->as_i_pages = types_offset(k, "address_space", "i_pages");
	o->as_nrpages = types_offset(k, "address_space", "nrpages");
	o->as_a_ops = types_offset(k, "address_space", "a_ops");
	o->xa_head = types_offset(k, "xarray", "xa_head");
	o->xn_shift = types_offset(k, "xa_node", "shift");
	o->xn_slots = types_offset(k, "xa_node", "slots");
	int64_t marks = types_offset(k, "xa_node", "marks");
	o->xa_chunk = o->xn_slots >= 0 && marks > o->xn_slots ?
			      (marks - o->xn_slots) / 8 :
			      64;
	o->i_ino = types_offset(k, "inode", "i_ino");
	o->i_size = types_offset(k, "inode", "i_size");
	o->i_sb = types_offset(k, "inode", "i_sb");
	o->i_mapping = types_offset(k, "inode", "i_mapping");
	o->i_dentry = types_offset(k, "inode", "i_dentry");
	o->sb_type = types_offset(k, "super_block", "s_type");
	o->fst_name = types_offset(k, "file_system_type", "name");
	o->d_alias = types_offset(k, "dentry", "d_u.d_alias");
	o->d_name = types_offset(k, "dentry", "d_name.name");
	pageflag_bits(k, o);
}

void pageflag_bits(struct vmcore_kernel *k, struct page_offsets *o)
{
	static const struct {
		const char *name;
		size_t off;
	} want[] = {
		{ "PG_locked", offsetof(struct page_offsets, pg_locked) },
		{ "PG_writeback", offsetof(struct page_offsets, pg_writeback) },
		{ "PG_head", offsetof(struct page_offsets, pg_head) },
		{ "PG_slab", offsetof(struct page_offsets, pg_slab) },
		{ "PG_lru", offsetof(struct page_offsets, pg_lru) },
		{ "PG_uptodate", offsetof(struct page_offsets, pg_uptodate) },
		{ "__NR_PAGEFLAGS",
		  offsetof(struct page_offsets, nr_pageflags) },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		int64_t v;
		int *dst = (int *)((char *)o + want[i].off);
		*dst = types_enumerator(k, "pageflags", want[i].name, &v) ? v :
									    -1;
	}
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
		kread_u64(k, var, &ret->base);
	if (!symtab_find_name(&k->syms, "max_pfn", &max_pfn_addr) ||
	    !kread_u64(k, max_pfn_addr, &max_pfn) || max_pfn > (1ull << 40))
		return false;
	ret->end = ret->base + max_pfn * o->size;
	ret->page_size = o->size;
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

static bool add_candidate(struct crash_record *rec, const struct vmemmap *v,
			  uint64_t addr, struct u64_vector *out)
{
	if (!vmemmap_contains(v, addr) || out->size >= MAX_PAGES)
		return true;
	vector_for_each(const uint64_t, a, out) {
		if (*a == addr)
			return true;
	}
	return u64_vector_append(out, &addr);
}

// Words of the crashing frames: from the crash's stack pointer up to
// the stack pointer of the SCAN_FRAMES-th frame.
static bool scan_stack(struct vmcore_kernel *k, struct crash_record *rec,
		       const struct crash_context *c, const struct vmemmap *v,
		       struct u64_vector *out)
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
		if (!kread(k, a, words, len))
			break;
		for (size_t i = 0; i < len / 8; i++)
			if (!add_candidate(rec, v, words[i], out))
				return false;
	}
	return true;
}

static bool reg_candidates(struct crash_record *rec, const struct vmemmap *v,
			   const struct crash_context *c,
			   struct u64_vector *out)
{
	vector_for_each(const struct reg, r, &rec->regs) {
		if (!add_candidate(rec, v, r->value, out))
			return false;
	}
	for (int r = 0; c->valid && c->have_fault_regs && r < PT_NREGS; r++)
		if (!add_candidate(rec, v, c->fault_regs[r], out))
			return false;
	for (int r = 0; c->valid && c->have_regs && r < PT_NREGS; r++)
		if (!add_candidate(rec, v, c->regs[r], out))
			return false;
	return true;
}

// Pages named by the log first, then the crashed CPU's registers, then
// the crashing frames' stack words.
static struct pgr_error *candidates(struct vmcore_kernel *k,
				    struct crash_record *rec,
				    const struct crash_context *c,
				    const struct vmemmap *v,
				    struct u64_vector *out)
{
	vector_for_each(const struct page_dump, p, &rec->pages) {
		// A hashed or missing page: address: its pfn still names it.
		uint64_t addr = p->address.value;
		if (!p->address.known && p->pfn.known)
			addr = v->base + p->pfn.value * v->page_size;
		else if (!p->address.known)
			continue;
		if (!add_candidate(rec, v, addr, out))
			return &pgr_enomem;
	}
	if (!reg_candidates(rec, v, c, out))
		return &pgr_enomem;
	if (c->valid && c->have_regs && !scan_stack(k, rec, c, v, out))
		return &pgr_enomem;
	return NULL;
}

// Whether a page of the crash lost its mapping, or names @p addr as it.
static bool stale_mapping(const struct crash_record *rec, uint64_t addr)
{
	vector_for_each(const struct page_dump, p, &rec->pages) {
		if (p->mapping.known &&
		    (p->mapping.value == 0 || p->mapping.value == addr))
			return true;
	}
	return false;
}

static struct pgr_error *poisoned_register(struct vmcore_kernel *k,
					   struct crash_record *rec,
					   const struct page_offsets *o,
					   const char *name, uint64_t value)
{
	uint64_t w[2], host;
	// Only pointers into the direct map or vmalloc space, not text.
	if (value < KERNEL_SPACE_START || value >= KERNEL_MAP_START ||
	    !kread(k, value, w, sizeof(w)) || w[0] != SLAB_POISON ||
	    w[1] != SLAB_POISON)
		return NULL;
	bool mapping = o->as_host >= 0 && stale_mapping(rec, value) &&
		       kread_u64(k, value + o->as_host, &host) &&
		       host == SLAB_POISON;
	char text[256];
	snprintf(
		text, sizeof(text),
		"register %s = 0x%" PRIx64
		" points to freed memory (slab poison 0x6b)%s",
		name, value,
		mapping ?
			" where a page of the crash had its address_space: a stale page->mapping" :
			"");
	return record_finding(rec,
			      mapping ? "mapping-freed" : "freed-or-poisoned",
			      value, text);
}

static struct pgr_error *poisoned_registers(struct vmcore_kernel *k,
					    struct crash_record *rec,
					    const struct page_offsets *o,
					    const struct crash_context *c)
{
	struct pgr_error *err = NULL;
	for (int r = 0; !err && c->valid && c->have_fault_regs && r < PT_NREGS;
	     r++)
		err = poisoned_register(k, rec, o, pt_reg_names[r],
					c->fault_regs[r]);
	for (int r = 0; !err && c->valid && c->have_regs && r < PT_NREGS; r++)
		err = poisoned_register(k, rec, o, pt_reg_names[r], c->regs[r]);
	vector_for_each(const struct reg, r, &rec->regs) {
		if (err)
			break;
		err = poisoned_register(k, rec, o, r->name, r->value);
	}
	return err;
}

struct pgr_error *vmcore_page_forensics(struct vmcore_kernel *k,
					struct crash_record *rec)
{
	struct page_offsets o;
	struct vmemmap v;
	page_offsets(k, &o);
	if (o.flags < 0 || o.mapping < 0 || o.refcount < 0 ||
	    !vmemmap_range(k, &o, &v))
		return pgr_error_create(
			PGR_ERROR_NOT_FOUND,
			"struct page layout or vmemmap unknown");
	struct u64_vector pages;
	u64_vector_init(&pages);
	struct crash_context c;
	pgr_error_destroy(tasks_crash_context(k, &c));
	struct pgr_error *err = candidates(k, rec, &c, &v, &pages);
	for (size_t i = 0; !err && i < pages.size; i++) {
		struct page_dump *p = find_page(rec, &v, pages.data[i]);
		bool added = !p, read;
		if (added && !(p = record_add_page(rec))) {
			err = &pgr_enomem;
			break;
		}
		err = page_decode(k, rec, &o, &v, pages.data[i], p, &read);
		if (added && !read) {
			// Not in the dump, and nobody printed it: no page.
			rec->pages.size--;
			continue;
		}
		// The head of a tail page is involved too.
		if (!err && p->head.known && pages.size < MAX_PAGES + 4 &&
		    !find_page(rec, &v, p->head.value) &&
		    !u64_vector_append(&pages, &p->head.value))
			err = &pgr_enomem;
	}
	if (!err)
		err = poisoned_registers(k, rec, &o, &c);
	u64_vector_deinit(&pages);
	return err;
}
