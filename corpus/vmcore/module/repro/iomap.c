// SPDX-License-Identifier: GPL-2.0
/*
 * repro/iomap.c of llcrash.ko: the iomap parts of variant 2.
 * Race C: iomap_dio_rw -> __iomap_dio_rw -> iomap_dio_bio_iter pins the
 * page (bio_iov_iter_get_pages), then __iomap_dio_rw waits for the bio.
 * Race D: iomap_writepages iterates with writeback_iter(); the completion
 * side iomap_finish_ioends -> iomap_finish_ioend -> folio_end_writeback.
 */
#include "llcrash.h"

/* ---- C ---- */
REPRO_FN struct page *iomap_dio_bio_iter(struct page *page)
{
	get_page(page);		/* the direct I/O pin */
	return page;
}

REPRO_FN ssize_t __iomap_dio_rw(struct address_space *mapping, struct page *page)
{
	struct page *pinned;

	wait_for_completion(&llc.step[0]);	/* layouts broken */
	pinned = iomap_dio_bio_iter(page);
	complete(&llc.step[1]);
	park_forever();		/* blk_io_schedule(): the bio never completes */
	NO_TAIL();
	return pinned ? PAGE_SIZE : 0;
}

REPRO_GLOBAL ssize_t iomap_dio_rw(struct address_space *mapping, struct page *page)
{
	ssize_t ret = __iomap_dio_rw(mapping, page);

	NO_TAIL();
	return ret;
}

/* ---- D ---- */
REPRO_GLOBAL int iomap_writepages(struct address_space *mapping, struct folio *folio)
{
	struct folio *f = writeback_iter(mapping, folio);

	NO_TAIL();
	return f ? 0 : -EIO;
}

REPRO_FN void iomap_finish_ioend(struct folio *folio)
{
	folio_end_writeback(folio);
	NO_TAIL();
}

REPRO_GLOBAL void iomap_finish_ioends(struct folio *folio)
{
	iomap_finish_ioend(folio);
	NO_TAIL();
}
