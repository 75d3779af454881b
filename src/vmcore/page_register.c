// SPDX-License-Identifier: GPL-2.0-or-later
// What a register of the crash says about memory: a pointer to a dead
// address_space that a page of the crash lost (its stale page->mapping),
// or to freed memory.  A register holds whatever the code last put in
// it, so only what no live object reads as counts.
#include <inttypes.h>
#include <stdio.h>

#include "vmcore/kernel_priv.h"
#include "vmcore/page.h" // IWYU pragma: associated

/** How a register relates to the mappings of the crash's pages. */
enum stale_link {
	STALE_NONE, /**< no page of the crash lost its mapping */
	STALE_GUESS, /**< a page's mapping is NULL: any pointer may be it */
	STALE_EXACT, /**< a page's mapping is this very address */
};

// Whether a page of the crash lost its mapping, or names @p addr as it.
static enum stale_link stale_mapping(const struct crash_record *rec,
				     uint64_t addr)
{
	enum stale_link l = STALE_NONE;
	vector_for_each(const struct page_dump, p, &rec->pages) {
		if (p->mapping.known && p->mapping.value == addr)
			return STALE_EXACT;
		// A free page (refcount 0) has no mapping either: only one
		// still in use lost it.
		if (p->mapping.known && p->mapping.value == 0 &&
		    (!p->refcount.known || p->refcount.value > 0))
			l = STALE_GUESS;
	}
	return l;
}

// Whether the words where an address_space at @p value keeps host and
// a_ops are slab poison (freed memory), not list poison.
static bool slab_poisoned_as(const struct page_env *e, uint64_t value)
{
	const struct page_offsets *o = e->o;
	uint64_t host, a_ops;
	if (page_mem_read_u64(e->mem, value + o->as_host, &host) &&
	    is_slab_poison_word(host))
		return true;
	return o->as_a_ops >= 0 &&
	       page_mem_read_u64(e->mem, value + o->as_a_ops, &a_ops) &&
	       is_slab_poison_word(a_ops);
}

/*
 * A register of the crash pointing at memory that is no live object:
 * slab poison is "freed-or-poisoned" on its own.  When a page of the
 * crash has lost its mapping, a register holding what reads as a dead
 * address_space is that page's stale page->mapping: "mapping-freed".
 * Zeroes are too common to name anything on their own (stack slots,
 * per-CPU areas and fresh buffers read so): a zeroed or freed object
 * counts only inside an inode cache's slab, or in a free page.
 *
 * LIST_POISON1/2 is what list_del() leaves in a list_head of a live
 * object: a register pointing at an object whose first member was just
 * unlinked reads "poison, poison" and is no freed memory.  When no page
 * names the register as its mapping (only some page's mapping is NULL),
 * every pointer of the crash is a guess, so the dead address_space must
 * read as slab poison, not list poison.
 */
struct pgr_error *page_register_check(const struct page_env *e,
				      const char *name, uint64_t value)
{
	uint64_t w[2];
	const struct page_offsets *o = e->o;
	// Only pointers into the direct map or vmalloc space, not text,
	// and no struct page: a freed page's lru reads as list poison,
	// which is no address_space (a CI corpus's Lustre-race dump had
	// the page being freed in rbx).
	if (value < KERNEL_SPACE_START || value >= KERNEL_MAP_START ||
	    (value >= e->v->base && value < e->v->end) ||
	    !e->mem->read(e->mem->ctx, value, w, sizeof(w)))
		return NULL;
	bool poison = is_slab_poison_word(w[0]) && is_slab_poison_word(w[1]);
	char why[320], text[640];
	enum mapping_state st = MAPPING_LIVE;
	enum stale_link link = o->as_host >= 0 ? stale_mapping(e->rec, value) :
						 STALE_NONE;
	if (link != STALE_NONE)
		st = mapping_liveness(e, value, why, sizeof(why));
	if (st == MAPPING_POISONED && link == STALE_GUESS &&
	    !slab_poisoned_as(e, value))
		st = MAPPING_LIVE;
	bool page_free = false;
	bool inode = (st == MAPPING_ZEROED || st == MAPPING_SLAB_FREE) &&
		     object_in_inode_cache(e, value, &page_free);
	if (st == MAPPING_POISONED || inode ||
	    (st == MAPPING_ZEROED && page_free)) {
		snprintf(
			text, sizeof(text),
			"register %s = 0x%" PRIx64
			" is where a page of the crash had its address_space, and %s: a stale page->mapping",
			name, value, why);
		return record_finding_mapping(e->rec, "mapping-freed", value,
					      value, text);
	}
	if (!poison)
		return NULL;
	snprintf(text, sizeof(text),
		 "register %s = 0x%" PRIx64
		 " points to freed memory (poison 0x%016" PRIx64 ")",
		 name, value, w[0]);
	return record_finding(e->rec, "freed-or-poisoned", value, text);
}
