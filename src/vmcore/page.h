// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * struct page layout and decoding, shared by page_layout.c (where each
 * field lives in this kernel), page.c (which pages), page_decode.c (what
 * they hold) and page_mapping.c (whether their address_space is alive),
 * and the findings those make.  Decoding reads memory only through
 * struct page_mem, so unit tests run it on synthetic memory.
 */
#ifndef PGR_VMCORE_PAGE_H
#define PGR_VMCORE_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record.h"

struct vmcore_kernel;

/** How a page type (buddy, slab ...) is told from page_type/_mapcount. */
enum page_type_scheme {
	/** Not known: the type is never claimed. */
	PAGE_TYPE_UNKNOWN = 0,
	/**
	 * Up to 6.11: PAGE_TYPE_BASE 0xf0000000 with the type's bit
	 * cleared, (page_type & (0xf0000000 | bit)) == 0xf0000000.
	 */
	PAGE_TYPE_INVERTED,
	/**
	 * Since 6.12 (4ffca5a96678, "mm: support only one page_type per
	 * page"): the top byte is the type (PGTY_buddy 0xf0 ...).
	 */
	PAGE_TYPE_TOP_BYTE,
};

struct page_type_test {
	enum page_type_scheme scheme;
	/** The bit (inverted) or the top byte's value. */
	uint32_t value;
};

/**
 * Where each field lives, decided from the kernel's types (BTF member
 * presence, VMCOREINFO), never from its version: -1 when the kernel has
 * no such member.  page_layout() fills it and checks it.
 */
struct page_offsets {
	int64_t size, flags, compound_head, mapping, index, refcount, mapcount;
	/**
	 * The compound order's byte, from the head struct page:
	 * page[1].compound_order (up to 6.0), folio._folio_order (6.1), or
	 * the low byte of folio._flags_1 (6.6, ebc1baf5c9b4).
	 */
	int64_t order_off;
	const char *order_member;
	/**
	 * The tail word is named compound_info (7.1, d50569612c29): it may
	 * hold a mask to apply to the tail's own address instead of the
	 * head's address, and fake heads are gone (8c846c879e22).
	 */
	bool head_info;
	int64_t as_size, as_host, as_i_pages, as_nrpages, as_a_ops, as_flags;
	/** AS_NO_WRITEBACK_TAGS bit of address_space.flags, or -1. */
	int as_no_wb_tags;
	int64_t xa_head, xn_shift, xn_slots, xn_marks, xa_chunk;
	int64_t i_ino, i_size, i_sb, i_mapping, i_dentry;
	int64_t sb_type, fst_name, d_alias, d_name;
	/** struct slab's (or, before 5.17, struct page's) slab_cache, freelist. */
	int64_t slab_cache, slab_freelist;
	/** kmem_cache: name, object size with metadata, free pointer offset,
	 * and the SLAB_FREELIST_HARDENED xor key (-1 without it). */
	int64_t kc_name, kc_size, kc_offset, kc_random;
	/** kmem_cache.cpu_slab, and kmem_cache_cpu's freelist and slab. */
	int64_t kc_cpu_slab, kcc_freelist, kcc_slab;
	/**
	 * Sheaves (opt-in 6.18, every cache 7.0): kmem_cache.cpu_sheaves,
	 * slub_percpu_sheaves' main/spare/rcu_free, slab_sheaf's size and
	 * objects[].
	 */
	int64_t kc_cpu_sheaves, pcs_sheaf[3], sheaf_size, sheaf_objects;
	/** pageflags bit numbers, -1 if unknown. */
	int pg_locked, pg_writeback, pg_head, pg_slab, pg_lru, pg_uptodate;
	int nr_pageflags;
	/** PG_slab became a page type in 6.10 (46df8e73a4a3). */
	struct page_type_test buddy, slab;
	/** Flag names by bit, without "PG_" (the first name of each bit). */
	const char *flag_name[64];
	/** What was checked and rejected, for the report; NULL if none. */
	const char *problem;
};

struct vmemmap {
	uint64_t base, end, page_size;
	/** The direct map (page_offset_base) and the page frames it spans. */
	uint64_t direct_base, max_pfn;
	/** __per_cpu_offset[] (0 if unknown) and the number of CPUs. */
	uint64_t percpu_offsets;
	unsigned int ncpus;
};

/** Memory of the dump (or of a unit test). */
struct page_mem {
	void *ctx;
	bool (*read)(void *ctx, uint64_t addr, void *buf, size_t len);
	/** The symbol exactly at @p addr (an ops table), or NULL. */
	const char *(*object_name)(void *ctx, uint64_t addr);
	/** A NUL-terminated string of at most @p max bytes (malloc), or NULL. */
	char *(*read_string)(void *ctx, uint64_t addr, size_t max);
};

/** What page decoding works on. */
struct page_env {
	const struct page_mem *mem;
	const struct page_offsets *o;
	const struct vmemmap *v;
	struct crash_record *rec;
	/** The crashed task is inside dax_disassociate_entry(). */
	bool in_dax_disassociate;
};

/**
 * The layout of struct page, folio, address_space, xarray and inode in
 * @p k.  Returns false (with o->problem set) when the essential fields
 * (flags, mapping, refcount) are unknown or fail their checks.
 */
bool page_layout(struct vmcore_kernel *k, struct page_offsets *o);

bool vmemmap_contains(const struct vmemmap *v, uint64_t addr);

static inline bool page_mem_read_u64(const struct page_mem *m, uint64_t addr,
				     uint64_t *ret)
{
	return m->read(m->ctx, addr, ret, sizeof(*ret));
}

/**
 * The page type a VMCOREINFO NUMBER(PAGE_<TYPE>_MAPCOUNT_VALUE) names:
 * ~bit (-129 for buddy) up to 6.11, type << 24 since 6.12.
 */
struct page_type_test page_type_from_mapcount_value(uint32_t v);

/** The page type test @p t on a page_type/_mapcount word. */
bool page_type_is(const struct page_type_test *t, uint32_t page_type);

/**
 * Decode the struct page at @p addr into @p p and add findings; @p why
 * says how the crash refers to it ("register rax", "the log's
 * dump_page()").  What memory holds replaces what @p p had (a page of
 * the log: its reason, raw words and anything memory lacks stay).
 * *@p read_ret says whether the page was in the dump at all.
 */
struct pgr_error *page_decode(const struct page_env *e, uint64_t addr,
			      const char *why, struct page_dump *p,
			      bool *read_ret);

/** Add finding @p id about @p addr once (same id and address: kept). */
struct pgr_error *record_finding(struct crash_record *rec, const char *id,
				 uint64_t addr, const char *text);
/** The same, naming the address_space @p mapping the finding is about. */
struct pgr_error *record_finding_mapping(struct crash_record *rec,
					 const char *id, uint64_t addr,
					 uint64_t mapping, const char *text);

/** Why an address_space is not (or may not be) a live one. */
enum mapping_state {
	MAPPING_LIVE = 0,
	MAPPING_UNREADABLE,
	MAPPING_ZEROED,
	MAPPING_POISONED,
	MAPPING_PAGE_FREE,
	MAPPING_SLAB_FREE,
	MAPPING_HOST_MISMATCH,
};

/**
 * Whether @p mapping is still a live address_space: its memory readable,
 * neither zeroed (init_on_free) nor poisoned, not in a free page, not on
 * its slab's freelist, and its host's i_mapping pointing back.  @p why
 * (of @p len bytes) says what was seen.
 */
enum mapping_state mapping_liveness(const struct page_env *e, uint64_t mapping,
				    char *why, size_t len);

/**
 * Whether @p addr lies in a slab of an inode cache (where address_spaces
 * live); *@p page_free says whether its page is free instead.
 */
bool object_in_inode_cache(const struct page_env *e, uint64_t addr,
			   bool *page_free);

/**
 * The findings register @p name = @p value of the crash implies:
 * "mapping-freed" when it points at the dead address_space of a page of
 * the crash, "freed-or-poisoned" when it points at slab poison.
 */
struct pgr_error *page_register_check(const struct page_env *e,
				      const char *name, uint64_t value);

/** A word that is a kernel poison value (slab POISON_*, LIST_POISON ...). */
bool is_poison_word(uint64_t v);

/**
 * A word that only freed (or never initialised) slab memory holds: the
 * SLUB poison bytes.  LIST_POISON is not one: list_del() writes it into
 * list_heads of live objects.
 */
bool is_slab_poison_word(uint64_t v);

/** page->mapping of every tail page past the second: TAIL_MAPPING. */
static const uint64_t TAIL_MAPPING = UINT64_C(0xdead000000000400);

#endif
