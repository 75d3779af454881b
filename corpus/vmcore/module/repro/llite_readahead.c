// SPDX-License-Identifier: GPL-2.0
/*
 * repro/llite_readahead.c of llcrash.ko (variant 2 of race A, the LU-1878
 * state): the read path of a newer Lustre (ll_fault -> ll_fault0 ->
 * ->read_folio = ll_read_folio -> ll_io_read_page -> ll_readahead ->
 * ll_read_ahead_pages), the OSC LRU shrinker that discards the page while
 * the read holds it, and the ptlrpcd thread that completes its I/O.
 * Memory state: the victim is out of the page cache (mapping NULL) with
 * an extra reference taken for the I/O; the read-ahead then follows the
 * NULL mapping to ->host.
 */
#include "llcrash.h"

struct ll_readahead_work {
	unsigned long lrw_start_idx;
	unsigned long lrw_end_idx;
};

/* the I/O request the read queued; ptlrpcd completes it */
static struct page *queued;

REPRO_FN unsigned long ll_read_ahead_pages(struct address_space *mapping,
					   struct ll_readahead_work *work)
{
	struct inode *inode = READ_ONCE(mapping->host);	/* <== NULL mapping */

	work->lrw_end_idx = i_size_read(inode) >> PAGE_SHIFT;
	return work->lrw_end_idx - work->lrw_start_idx;
}

REPRO_FN unsigned long ll_readahead(struct address_space *mapping, pgoff_t index)
{
	struct ll_readahead_work work = { .lrw_start_idx = index + 1 };
	unsigned long n = ll_read_ahead_pages(mapping, &work);

	NO_TAIL();
	return n;
}

REPRO_FN int ll_io_read_page(struct file *file, struct page *page)
{
	struct inode *inode = page->mapping->host;	/* still cached here */
	unsigned long n;

	get_page(page);				/* the cl_page of the read */
	WRITE_ONCE(queued, page);
	complete(&llc.step[0]);			/* to ptlrpcd */
	wait_for_completion(&llc.step[2]);	/* the shrinker discarded it */
	wait_parked(llc.other[0]);
	wait_parked(llc.other[1]);
	truth_page("page", page);
	truth_mapping("mapping_at_entry", file->f_mapping, inode);
	TRUTH("{\"note\":\"ll_io_read_page read page->mapping->host=0x%lx at entry; page->mapping is now 0x%lx\"}",
	      (unsigned long)inode, (unsigned long)READ_ONCE(page->mapping));
	n = ll_readahead(READ_ONCE(page->mapping), repro_page_index(page));
	NO_TAIL();
	return (int)n;
}

REPRO_FN int ll_read_folio(struct file *file, struct folio *folio)
{
	int ret = ll_io_read_page(file, &folio->page);

	NO_TAIL();
	return ret;
}

REPRO_FN int ll_fault0(struct file *file, struct page *page)
{
	/* filemap_fault -> mapping->a_ops->read_folio */
	int ret = ll_read_folio(file, page_folio(page));

	NO_TAIL();
	return ret;
}

REPRO_GLOBAL int ll_fault(struct file *file, struct page *page)
{
	int ret = ll_fault0(file, page);

	NO_TAIL();
	return ret;
}

/* ptlrpcd: the read's RPC completes, the page is up to date and unlocked */
REPRO_FN int ptlrpcd_check(void)
{
	struct page *page;

	wait_for_completion(&llc.step[0]);
	page = READ_ONCE(queued);
	SetPageUptodate(page);
	unlock_page(page);
	complete(&llc.step[1]);
	park_forever();		/* the next RPC never comes */
	NO_TAIL();
	return 0;
}

REPRO_GLOBAL int ptlrpcd(struct page *page)
{
	int ret = ptlrpcd_check();

	NO_TAIL();
	return ret;
}

/* what cl_page_discard -> vvp_page_discard -> delete_from_page_cache does */
REPRO_FN void osc_lru_discard_page(struct page *page)
{
	loff_t start = (loff_t)repro_page_index(page) << PAGE_SHIFT;

	shmem_truncate_range(page->mapping->host, start, start + PAGE_SIZE - 1);
	NO_TAIL();
}

REPRO_FN long osc_lru_shrink(struct page *page)
{
	wait_for_completion(&llc.step[1]);
	/* clean and unlocked, so "free": the read's reference is not looked at */
	if (!PageDirty(page) && !PageLocked(page))
		osc_lru_discard_page(page);
	complete(&llc.step[2]);
	park_forever();		/* waits for the LRU lock that never frees */
	NO_TAIL();
	return 1;
}

REPRO_FN unsigned long osc_cache_shrink_scan(struct page *page)
{
	unsigned long n = osc_lru_shrink(page);

	NO_TAIL();
	return n;
}

REPRO_GLOBAL unsigned long do_shrink_slab(struct page *page)
{
	unsigned long n = osc_cache_shrink_scan(page);

	NO_TAIL();
	return n;
}
