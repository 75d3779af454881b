// SPDX-License-Identifier: GPL-2.0
/*
 * repro/collapse.c of llcrash.ko (variant 2 of race B): khugepaged with
 * the 6.x names (khugepaged_scan_mm_slot -> hpage_collapse_scan_file ->
 * collapse_file), holding the huge page locked while it rolls back.
 */
#include "llcrash.h"

REPRO_FN int collapse_file(struct address_space *mapping, struct page *hpage)
{
	lock_page(hpage);	/* the new huge page stays locked during rollback */
	complete(&llc.step[0]);
	park_forever();
	NO_TAIL();
	return 0;
}

REPRO_FN int hpage_collapse_scan_file(struct address_space *mapping,
				      struct page *hpage)
{
	int ret = collapse_file(mapping, hpage);

	NO_TAIL();
	return ret;
}

REPRO_GLOBAL int khugepaged_scan_mm_slot(struct address_space *mapping,
					 struct page *hpage)
{
	int ret = hpage_collapse_scan_file(mapping, hpage);

	NO_TAIL();
	return ret;
}
