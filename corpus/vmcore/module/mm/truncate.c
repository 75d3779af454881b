// SPDX-License-Identifier: GPL-2.0
/*
 * mm/truncate.c of the pagerace corpus module: the truncate path of
 * scenarios B (THP tail reaches truncate_inode_page), C (DAX entries,
 * via truncate_pagecache_range) and E (the truncating task).  The kernel
 * file of the same name holds the real functions; BUG() here prints
 * "kernel BUG at mm/truncate.c:N" as a kernel build does.
 */
#include "repro.h"

/* mm/truncate.c (5.14): VM_BUG_ON_PAGE(PageTail(page), page) at the top of
 * truncate_inode_page().  CONFIG_DEBUG_VM is off in this kernel, so the
 * macro is spelled out as it expands with it on. */
#define REPRO_VM_BUG_ON_PAGE(cond, page)				\
	do {								\
		if (unlikely(cond)) {					\
			dump_page(page, "VM_BUG_ON_PAGE(" __stringify(cond)")"); \
			BUG();						\
		}							\
	} while (0)

/* what delete_from_page_cache() does to the page: shmem removes it from
 * i_pages and clears page->mapping; the page stays alive while referenced */
REPRO_FN void truncate_complete_page(struct address_space *mapping,
				     struct page *page)
{
	loff_t start = (loff_t)repro_page_index(page) << PAGE_SHIFT;

	shmem_truncate_range(mapping->host, start, start + PAGE_SIZE - 1);
	NO_TAIL();
}

REPRO_FN int truncate_inode_page(struct address_space *mapping,
				 struct page *page)
{
	REPRO_VM_BUG_ON_PAGE(PageTail(page), page);

	if (page->mapping != mapping)
		return -EIO;
	truncate_complete_page(mapping, page);
	NO_TAIL();
	return 0;
}

/* DAX: the page cache holds exceptional entries, not pages */
REPRO_FN void truncate_exceptional_pvec_entries(struct address_space *mapping,
						struct page *page)
{
	dax_delete_mapping_entry(mapping, page);
	NO_TAIL();
}

/*
 * The lockless lookup collected a batch whose first entry is `page`; for a
 * racing THP collapse/rollback that is a tail page (B).
 */
REPRO_FN void truncate_inode_pages_range(struct address_space *mapping,
					 loff_t lstart, loff_t lend,
					 struct page *page, bool dax)
{
	if (dax)
		truncate_exceptional_pvec_entries(mapping, page);
	else if (page)
		truncate_inode_page(mapping, page);
	if (mapping->host)
		shmem_truncate_range(mapping->host, lstart, lend);
	NO_TAIL();
}

REPRO_GLOBAL void truncate_pagecache(struct address_space *mapping,
				     struct page *page)
{
	/* unmap_mapping_range() first: nothing is mapped here */
	truncate_inode_pages_range(mapping, 0, -1, page, false);
	NO_TAIL();
}

REPRO_GLOBAL void truncate_pagecache_range(struct address_space *mapping,
					   struct page *page,
					   loff_t lstart, loff_t lend)
{
	truncate_inode_pages_range(mapping, lstart, lend, page, true);
	NO_TAIL();
}
