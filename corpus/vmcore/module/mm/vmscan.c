// SPDX-License-Identifier: GPL-2.0
/*
 * mm/vmscan.c of the pagerace corpus module (scenario E, 69d763fc6d3a):
 * __isolate_lru_page() in ISOLATE_ASYNC_MIGRATE mode reads page_mapping()
 * and later mapping->a_ops->migratepage, without the page lock.  The
 * mapping is freed in between (truncate + evict): general protection fault
 * on the poisoned address_space.
 */
#include "repro.h"

REPRO_GLOBAL bool __isolate_lru_page(struct page *page, unsigned int mode)
{
	struct address_space *mapping;
	bool migrate_dirty;

	mapping = READ_ONCE(page->mapping);	/* page_mapping(page) */
	complete(&e_mapping_read);
	wait_for_completion(&e_freed);		/* truncate + evict meanwhile */
	wait_parked(e_t_truncate);

	truth_page("page", page);
	TRUTH("{\"stale_mapping\":\"0x%lx\"}", (unsigned long)mapping);
	/* 4.15: if (mapping && !mapping->a_ops->migratepage) */
	migrate_dirty = !mapping || READ_ONCE(mapping->a_ops)->migrate_folio;
	return migrate_dirty && mode;
}
