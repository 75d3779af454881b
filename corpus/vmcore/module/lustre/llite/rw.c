// SPDX-License-Identifier: GPL-2.0
/*
 * lustre/llite/rw.c of the pagerace corpus's lustre.ko (race A, LU-1878):
 * ll_readpage() queues a locked page for group I/O (ll_issue_page_read),
 * obd_trigger_group_io() completes and unlocks it, the llap shrinker
 * (kswapd) truncates it out of the page cache although it is busy, and
 * ll_readpage() then calls ll_readahead(..., page->mapping == NULL, ...),
 * which oopses on mapping->host.
 */
#include "lustre_repro.h"

struct obd_io_group a_oig;

REPRO_FN void ll_issue_page_read(struct obd_io_group *oig, struct page *page)
{
	get_page(page);			/* the I/O group holds a reference */
	oig->pages[oig->count++] = page;
	complete(&a_queued);
}

REPRO_FN unsigned long ll_readahead(struct ll_readahead_state *ras,
				    void *exp, struct address_space *mapping,
				    struct obd_io_group *oig, int flags)
{
	struct inode *inode;

	inode = READ_ONCE(mapping->host);	/* <== NULL pointer dereference */
	ras->ras_window_len = i_size_read(inode) >> PAGE_SHIFT;
	return ras->ras_window_len + flags + oig->count + (exp != NULL);
}

REPRO_GLOBAL int ll_readpage(struct file *file, struct page *page)
{
	struct inode *inode = page->mapping->host;	/* fine: still cached */
	struct ll_readahead_state ras = { 0 };
	unsigned long ret;

	ll_issue_page_read(&a_oig, page);
	/* group I/O and the shrinker get the page now */
	wait_for_completion(&a_truncated);
	wait_parked(a_t_shrinker);
	wait_parked(a_t_groupio);

	truth_page("page", page);
	truth_mapping("mapping_at_entry", file->f_mapping, inode);
	TRUTH("{\"note\":\"ll_readpage read page->mapping->host=0x%lx at entry; page->mapping is now 0x%lx\"}",
	      (unsigned long)inode, (unsigned long)READ_ONCE(page->mapping));
	/* if (ll_i2sbi(inode)->ll_ra_info.ra_max_pages_per_file) */
	ret = ll_readahead(&ras, NULL, READ_ONCE(page->mapping), &a_oig, 0);
	NO_TAIL();
	return (int)ret;
}

/* lustre/include/obd_class.h in Lustre 1.8 */
REPRO_GLOBAL int obd_trigger_group_io(struct obd_io_group *oig)
{
	int i;

	wait_for_completion(&a_queued);
	for (i = 0; i < oig->count; i++) {
		SetPageUptodate(oig->pages[i]);
		unlock_page(oig->pages[i]);	/* I/O done: page unlocked */
	}
	complete(&a_io_done);
	park_forever();		/* the group I/O thread stays here */
	NO_TAIL();
	return 0;
}

REPRO_FN void ll_truncate_complete_page(struct page *page)
{
	struct inode *inode = page->mapping->host;
	loff_t start = (loff_t)repro_page_index(page) << PAGE_SHIFT;

	/* removes the page from the page cache: page->mapping = NULL */
	shmem_truncate_range(inode, start, start + PAGE_SIZE - 1);
	NO_TAIL();
}

REPRO_FN int llap_shrink_cache_internal(struct page *page)
{
	wait_for_completion(&a_io_done);
	/* not dirty, so "safe" to drop; the extra references are not looked at */
	if (!PageDirty(page))
		ll_truncate_complete_page(page);
	complete(&a_truncated);
	return 1;
}

REPRO_FN int llap_shrink_cache(struct page *page)
{
	int n = llap_shrink_cache_internal(page);

	ll_teardown_mmaps();
	NO_TAIL();
	return n;
}

/* the llap slab shrinker (shrink_slab -> ll_shrink_cache) */
REPRO_GLOBAL int ll_shrink_cache(struct page *page)
{
	int n = llap_shrink_cache(page);

	NO_TAIL();
	return n;
}
