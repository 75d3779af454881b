// SPDX-License-Identifier: GPL-2.0
/*
 * fs/direct-io.c of the pagerace corpus module (scenario C): direct I/O
 * pins the user buffer's pages through get_user_pages (follow_page_pte()
 * -> get_page(), mm/gup.c in the kernel) and waits for the I/O.
 */
#include "repro.h"

REPRO_FN struct page *follow_page_pte(struct page *page)
{
	get_page(page);		/* the direct I/O pin */
	return page;
}

REPRO_FN void dio_await_completion(void)
{
	park_forever();		/* I/O in flight, page pinned */
	NO_TAIL();
}

REPRO_FN ssize_t do_blockdev_direct_IO(struct address_space *mapping,
				       struct page *page)
{
	struct page *pinned;

	wait_for_completion(&c_layouts_broken);
	pinned = follow_page_pte(page);	/* dio_refill_pages -> iov_iter_get_pages */
	complete(&c_pinned);
	dio_await_completion();
	NO_TAIL();
	return pinned ? PAGE_SIZE : 0;
}

REPRO_GLOBAL ssize_t __blockdev_direct_IO(struct address_space *mapping,
					  struct page *page)
{
	ssize_t ret = do_blockdev_direct_IO(mapping, page);

	NO_TAIL();
	return ret;
}
