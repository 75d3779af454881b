// SPDX-License-Identifier: GPL-2.0
/*
 * mm/filemap.c of the pagerace corpus module (scenario D, 073861ed77b6):
 * end_page_writeback() whose test_clear_page_writeback() was for the page's
 * previous use; its belated wake_up_page(page, PG_writeback) wakes the
 * waiter of the page's new use, still under writeback.
 */
#include "repro.h"

REPRO_GLOBAL void end_page_writeback(struct page *page)
{
	/* test_clear_page_writeback() happened before the page was
	 * truncated, freed and reused; now the late wake-up: */
	wait_for_completion(&d_waiting);
	complete(&d_wakeup);		/* wake_up_page(page, PG_writeback) */
	park_forever();
	NO_TAIL();
}
