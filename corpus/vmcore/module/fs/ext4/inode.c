// SPDX-License-Identifier: GPL-2.0
/*
 * fs/ext4/inode.c of the pagerace corpus module:
 *  C (LP#1787089): ext4_punch_hole() -> ext4_break_layouts() sees every DAX
 *    page at refcount 1, direct I/O (ext4_direct_IO) pins one, then
 *    truncate_pagecache_range() reaches dax_disassociate_entry()'s WARN.
 *  D (073861ed77b6, "kernel BUG at fs/ext4/inode.c:LINE!"):
 *    mpage_prepare_extent_to_map() waits for writeback, is woken by a
 *    belated end_page_writeback() for the page's previous use, and hits
 *    BUG_ON(PageWriteback(page)).
 */
#include "repro.h"

/* ---- C ---- */
REPRO_FN int ext4_break_layouts(struct page *page)
{
	int ref = page_ref_count(page);

	TRUTH("{\"break_layouts_refcount\":%d}", ref);
	complete(&c_layouts_broken);	/* all pages at refcount 1: go on */
	return ref == 1 ? 0 : -EBUSY;
}

REPRO_GLOBAL long ext4_punch_hole(struct address_space *mapping,
				  struct page *page)
{
	loff_t start = (loff_t)repro_page_index(page) << PAGE_SHIFT;
	int err = ext4_break_layouts(page);

	wait_for_completion(&c_pinned);	/* DIO pins the page meanwhile */
	wait_parked(c_t_dio);
	truth_page("page", page);
	truth_mapping("mapping", mapping, mapping->host);
	truncate_pagecache_range(mapping, page, start, start + PAGE_SIZE - 1);
	NO_TAIL();
	return err;
}

REPRO_GLOBAL ssize_t ext4_direct_IO(struct address_space *mapping,
				    struct page *page)
{
	ssize_t ret = __blockdev_direct_IO(mapping, page);	/* ext4_direct_IO_read */

	NO_TAIL();
	return ret;
}

/* ---- D ---- */
REPRO_FN int mpage_prepare_extent_to_map(struct address_space *mapping,
					 struct page *page)
{
	lock_page(page);
	/* if (PageWriteback(page)) ... */
	wait_on_page_writeback(page);
	truth_page("page", page);
	truth_mapping("mapping", mapping, mapping->host);
	BUG_ON(PageWriteback(page));
	unlock_page(page);
	return 0;
}

REPRO_FN int ext4_writepages(struct address_space *mapping, struct page *page)
{
	int ret = mpage_prepare_extent_to_map(mapping, page);

	NO_TAIL();
	return ret;
}

/* ext4_da_aops.writepages */
const writepages_t ext4_da_writepages = ext4_writepages;
