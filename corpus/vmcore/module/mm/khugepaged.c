// SPDX-License-Identifier: GPL-2.0
/*
 * mm/khugepaged.c of the pagerace corpus module (scenario B): khugepaged
 * in collapse_file(), holding the new huge page locked while it rolls back.
 */
#include "repro.h"

extern struct completion b_collapsing;

REPRO_FN int collapse_file(struct address_space *mapping, struct page *hpage)
{
	lock_page(hpage);	/* the new huge page stays locked during rollback */
	complete(&b_collapsing);
	park_forever();
	NO_TAIL();
	return 0;
}

REPRO_GLOBAL int khugepaged_scan_file(struct address_space *mapping,
				      struct page *hpage)
{
	int ret = collapse_file(mapping, hpage);

	NO_TAIL();
	return ret;
}
