// SPDX-License-Identifier: GPL-2.0
/*
 * repro/thp_trunc.c of llcrash.ko: the truncation path with the 6.x folio
 * names.  Race B: ftruncate -> do_truncate -> notify_change ->
 * shmem_setattr -> truncate_pagecache -> truncate_inode_pages_range hands
 * a THP tail page, as a folio, to truncate_inode_folio().  Race C reaches
 * truncate_folio_batch_exceptionals() -> dax_delete_mapping_entry() from
 * truncate_pagecache_range().
 */
#include "llcrash.h"

/* CONFIG_DEBUG_VM is off in Debian's kernels: VM_BUG_ON_FOLIO spelled out */
#define LLC_VM_BUG_ON_FOLIO(cond, folio)				\
	do {								\
		if (unlikely(cond)) {					\
			dump_page(&(folio)->page, "VM_BUG_ON_FOLIO(" __stringify(cond) ")"); \
			BUG();						\
		}							\
	} while (0)

REPRO_FN int truncate_inode_folio(struct address_space *mapping,
				  struct folio *folio)
{
	loff_t start;

	/* a folio is never a tail page */
	LLC_VM_BUG_ON_FOLIO(PageTail(&folio->page), folio);
	if (folio->mapping != mapping)
		return -EIO;
	start = (loff_t)folio->index << PAGE_SHIFT;
	shmem_truncate_range(mapping->host, start, start + folio_size(folio) - 1);
	NO_TAIL();
	return 0;
}

REPRO_FN void truncate_folio_batch_exceptionals(struct address_space *mapping,
						struct page *page)
{
	dax_delete_mapping_entry(mapping, page);
	NO_TAIL();
}

/* find_lock_entries() returned `page` first: a tail for the racing THP */
REPRO_FN void truncate_inode_pages_range(struct address_space *mapping,
					 loff_t lstart, loff_t lend,
					 struct page *page, bool dax)
{
	if (dax)
		truncate_folio_batch_exceptionals(mapping, page);
	else if (page)
		truncate_inode_folio(mapping, (struct folio *)page);
	if (mapping->host)
		shmem_truncate_range(mapping->host, lstart, lend);
	NO_TAIL();
}

REPRO_GLOBAL void truncate_pagecache(struct address_space *mapping,
				     struct page *page)
{
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

REPRO_FN int shmem_setattr(struct file *f, struct page *page)
{
	truncate_pagecache(f->f_mapping, page);	/* i_size shrinks to 0 */
	NO_TAIL();
	return 0;
}

REPRO_FN int notify_change(struct file *f, struct page *page)
{
	int ret = shmem_setattr(f, page);	/* inode->i_op->setattr */

	NO_TAIL();
	return ret;
}

REPRO_GLOBAL int do_truncate(struct file *f, struct page *page)
{
	int ret = notify_change(f, page);

	NO_TAIL();
	return ret;
}
