// SPDX-License-Identifier: GPL-2.0
/*
 * repro/xfs_file.c of llcrash.ko: the XFS side of variant 2.
 * Race C: xfs_file_fallocate(PUNCH_HOLE) -> xfs_break_layouts sees every
 * DAX page at refcount 1, then xfs_free_file_space -> xfs_flush_unmap_range
 * -> truncate_pagecache_range while a direct read (xfs_file_read_iter ->
 * xfs_file_dio_read -> iomap_dio_rw) pins the page.
 * Race D: ->writepages = xfs_vm_writepages -> iomap_writepages, and the
 * I/O completion work xfs_end_io -> xfs_end_ioend.
 */
#include "llcrash.h"

/* ---- C ---- */
REPRO_GLOBAL int xfs_break_layouts(struct page *page)
{
	int ref = page_ref_count(page);		/* xfs_break_dax_layouts */

	TRUTH("{\"break_layouts_refcount\":%d}", ref);
	complete(&llc.step[0]);		/* every page at refcount 1: go on */
	return ref == 1 ? 0 : -EBUSY;
}

REPRO_FN void xfs_flush_unmap_range(struct address_space *mapping,
				    struct page *page, loff_t start, loff_t end)
{
	truncate_pagecache_range(mapping, page, start, end);
	NO_TAIL();
}

REPRO_FN int xfs_free_file_space(struct address_space *mapping,
				 struct page *page)
{
	loff_t start = (loff_t)repro_page_index(page) << PAGE_SHIFT;

	wait_for_completion(&llc.step[1]);	/* the DIO pinned it meanwhile */
	wait_parked(llc.other[0]);
	truth_page("page", page);
	truth_mapping("mapping", mapping, mapping->host);
	xfs_flush_unmap_range(mapping, page, start, start + PAGE_SIZE - 1);
	NO_TAIL();
	return 0;
}

REPRO_GLOBAL long xfs_file_fallocate(struct file *file, struct page *page)
{
	int err = xfs_break_layouts(page);

	err |= xfs_free_file_space(file->f_mapping, page);
	NO_TAIL();
	return err;
}

REPRO_FN ssize_t xfs_file_dio_read(struct file *file, struct page *page)
{
	ssize_t ret = iomap_dio_rw(file->f_mapping, page);

	NO_TAIL();
	return ret;
}

REPRO_GLOBAL ssize_t xfs_file_read_iter(struct file *file, struct page *page)
{
	ssize_t ret = xfs_file_dio_read(file, page);	/* IOCB_DIRECT */

	NO_TAIL();
	return ret;
}

/* ---- D ---- */
REPRO_FN int xfs_vm_writepages(struct address_space *mapping, struct folio *folio)
{
	int ret = iomap_writepages(mapping, folio);

	NO_TAIL();
	return ret;
}

/* xfs_address_space_operations.writepages */
const llc_writepages_t xfs_writepages = xfs_vm_writepages;

REPRO_FN void xfs_end_ioend(struct folio *folio)
{
	iomap_finish_ioends(folio);	/* (ioend, error) */
	NO_TAIL();
}

REPRO_GLOBAL void xfs_end_io(struct folio *folio)
{
	xfs_end_ioend(folio);
	NO_TAIL();
}
