// SPDX-License-Identifier: GPL-2.0
/*
 * mm/page-writeback.c of the pagerace corpus module (scenario D):
 * do_writepages() calling the filesystem's ->writepages, and
 * wait_on_page_writeback() with the 5.8-5.10 'if' (one wake-up ends the
 * wait, whether or not PG_writeback is still set).
 */
#include "repro.h"

REPRO_GLOBAL void wait_on_page_writeback(struct page *page)
{
	if (PageWriteback(page)) {
		complete(&d_waiting);
		wait_for_completion(&d_wakeup);	/* wait_on_page_bit(PG_writeback) */
		wait_parked(d_t_waker);
	}
}

REPRO_GLOBAL int do_writepages(struct address_space *mapping, struct page *page,
			       writepages_t writepages)
{
	int ret = writepages(mapping, page);	/* mapping->a_ops->writepages */

	NO_TAIL();
	return ret;
}
