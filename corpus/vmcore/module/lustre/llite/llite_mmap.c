// SPDX-License-Identifier: GPL-2.0
/*
 * lustre/llite/llite_mmap.c of the pagerace corpus's lustre.ko (race A):
 * the page fault that reads the page (ll_fault -> filemap_fault ->
 * ll_readpage in Lustre 1.8; filemap_fault is the kernel's, not ours, so
 * ll_fault calls ->readpage itself here), and ll_teardown_mmaps, where the
 * shrinking kswapd sleeps in the original stack dump.
 */
#include "lustre_repro.h"

REPRO_GLOBAL int ll_fault(struct file *file, struct page *page)
{
	int ret = ll_readpage(file, page);	/* mapping->a_ops->readpage */

	NO_TAIL();
	return ret;
}

REPRO_GLOBAL void ll_teardown_mmaps(void)
{
	park_forever();		/* kswapd56 sleeps here (D state) */
	NO_TAIL();
}
