// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * struct page layout and decoding, shared by page.c (which pages) and
 * page_decode.c (what they hold, and the findings).
 */
#ifndef PGR_VMCORE_PAGE_H
#define PGR_VMCORE_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "record.h"
#include "vmcore/kernel_priv.h"

/** Offsets by name (-1 when the kernel has no such member). */
struct page_offsets {
	int64_t size, flags, compound_head, mapping, index, refcount, mapcount;
	int64_t compound_order, folio_order;
	int64_t as_host, as_i_pages, as_nrpages, as_a_ops;
	int64_t xa_head, xn_shift, xn_slots, xa_chunk;
	int64_t i_ino, i_size, i_sb, i_mapping, i_dentry;
	int64_t sb_type, fst_name, d_alias, d_name;
	/** pageflags bit numbers, -1 if unknown. */
	int pg_locked, pg_writeback, pg_head, pg_slab, pg_lru, pg_uptodate;
	int nr_pageflags;
};

struct vmemmap {
	uint64_t base, end, page_size;
};

void pageflag_bits(struct vmcore_kernel *k, struct page_offsets *o);
bool vmemmap_contains(const struct vmemmap *v, uint64_t addr);

/**
 * Decode the struct page at @p addr into @p p and add findings.  What
 * memory holds replaces what @p p had (a page of the log: its reason,
 * raw words and anything memory lacks stay).  *@p read_ret says whether
 * the page was in the dump at all.
 */
struct pgr_error *page_decode(struct vmcore_kernel *k, struct crash_record *rec,
			      const struct page_offsets *o,
			      const struct vmemmap *v, uint64_t addr,
			      struct page_dump *p, bool *read_ret);

/** Add finding @p id about @p addr once (same id and address: kept). */
struct pgr_error *record_finding(struct crash_record *rec, const char *id,
				 uint64_t addr, const char *text);

#endif
