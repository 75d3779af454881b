// SPDX-License-Identifier: GPL-2.0
/*
 * fs/ext4/page-io.c of the pagerace corpus module (scenario D): I/O
 * completion ending writeback of the page's previous use.
 */
#include "repro.h"

REPRO_FN void ext4_finish_bio(struct page *page)
{
	end_page_writeback(page);
	NO_TAIL();
}

REPRO_FN void ext4_release_io_end(struct page *page)
{
	ext4_finish_bio(page);
	NO_TAIL();
}

REPRO_GLOBAL void ext4_end_io_rsv_work(struct page *page)
{
	ext4_release_io_end(page);	/* ext4_do_flush_completed_IO */
	NO_TAIL();
}
