// SPDX-License-Identifier: GPL-2.0
/*
 * fs/dax.c of the pagerace corpus module (scenario C, LP#1787089):
 * DAX pages are not in the page cache; dax_associate_entry() only sets
 * page->mapping and page->index.  Truncation disassociates them and warns
 * when one is still pinned: "WARNING: ... at fs/dax.c:N
 * dax_disassociate_entry".
 */
#include "repro.h"

REPRO_GLOBAL void dax_associate_entry(struct page *page,
				      struct address_space *mapping,
				      pgoff_t index)
{
	page->mapping = mapping;
	repro_page_index(page) = index;
}

REPRO_FN void dax_disassociate_entry(struct page *page,
				     struct address_space *mapping, bool trunc)
{
	WARN_ON_ONCE(trunc && page_ref_count(page) > 1);
	WARN_ON_ONCE(page->mapping && page->mapping != mapping);
	page->mapping = NULL;
	repro_page_index(page) = 0;
}

REPRO_FN int __dax_invalidate_entry(struct address_space *mapping,
				    struct page *page, bool trunc)
{
	dax_disassociate_entry(page, mapping, trunc);
	NO_TAIL();
	return 1;
}

REPRO_GLOBAL int dax_delete_mapping_entry(struct address_space *mapping,
					  struct page *page)
{
	int ret = __dax_invalidate_entry(mapping, page, true);

	NO_TAIL();
	return ret;
}
