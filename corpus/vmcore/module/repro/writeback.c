// SPDX-License-Identifier: GPL-2.0
/*
 * repro/writeback.c of llcrash.ko (variant 2 of race D, 073861ed77b6's
 * state with the 6.x names): writeback_iter -> writeback_get_folio ->
 * folio_prepare_writeback locks the folio, finds it under writeback, waits
 * in folio_wait_writeback and is woken by the belated folio_end_writeback
 * of the folio's previous use while the new use's I/O is still in flight:
 * BUG_ON(folio_test_writeback(folio)).
 */
#include "llcrash.h"

REPRO_FN void folio_wait_writeback(struct folio *folio)
{
	if (folio_test_writeback(folio)) {
		complete(&llc.step[0]);
		wait_for_completion(&llc.step[1]);	/* folio_wait_bit(PG_writeback) */
		wait_parked(llc.other[0]);
	}
}

REPRO_FN bool folio_prepare_writeback(struct address_space *mapping,
				      struct folio *folio)
{
	folio_lock(folio);
	if (folio_test_writeback(folio))
		folio_wait_writeback(folio);	/* WB_SYNC_ALL */
	truth_page("page", &folio->page);
	truth_mapping("mapping", mapping, mapping->host);
	BUG_ON(folio_test_writeback(folio));
	return folio_clear_dirty_for_io(folio);
}

REPRO_FN struct folio *writeback_get_folio(struct address_space *mapping,
					   struct folio *folio)
{
	if (!folio_prepare_writeback(mapping, folio))
		folio_unlock(folio);
	NO_TAIL();
	return folio;
}

REPRO_GLOBAL struct folio *writeback_iter(struct address_space *mapping,
					  struct folio *folio)
{
	struct folio *f = writeback_get_folio(mapping, folio);

	NO_TAIL();
	return f;
}

REPRO_GLOBAL int do_writepages(struct address_space *mapping, struct folio *folio,
			       llc_writepages_t writepages)
{
	int ret = writepages(mapping, folio);	/* mapping->a_ops->writepages */

	NO_TAIL();
	return ret;
}

/* the previous use's completion: PG_writeback was cleared long ago, and
 * the folio reused; now its wake-up */
REPRO_GLOBAL void folio_end_writeback(struct folio *folio)
{
	wait_for_completion(&llc.step[0]);
	complete(&llc.step[1]);		/* folio_wake_bit(folio, PG_writeback) */
	park_forever();
	NO_TAIL();
}
