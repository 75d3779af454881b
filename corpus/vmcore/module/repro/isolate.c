// SPDX-License-Identifier: GPL-2.0
/*
 * repro/isolate.c of llcrash.ko (variant 2 of race E, 69d763fc6d3a's state
 * as 6.x compaction has it): isolate_migratepages_block() itself reads
 * folio_mapping(), and after the unlink freed the inode it follows
 * mapping->a_ops->migrate_folio into freed (poisoned) memory.
 */
#include "llcrash.h"

REPRO_FN unsigned long isolate_migratepages_block(struct page *page)
{
	struct address_space *mapping;
	bool migrate_dirty;

	mapping = READ_ONCE(page->mapping);	/* folio_mapping(folio) */
	complete(&llc.step[0]);
	wait_for_completion(&llc.step[1]);	/* unlink + evict meanwhile */
	wait_parked(llc.other[0]);
	truth_page("page", page);
	TRUTH("{\"stale_mapping\":\"0x%lx\"}", (unsigned long)mapping);
	migrate_dirty = !mapping || READ_ONCE(mapping->a_ops)->migrate_folio;
	return migrate_dirty;
}

REPRO_FN unsigned long isolate_migratepages(struct page *page)
{
	unsigned long n = isolate_migratepages_block(page);

	NO_TAIL();
	return n;
}

REPRO_FN unsigned long compact_zone(struct page *page)
{
	unsigned long n = isolate_migratepages(page);

	NO_TAIL();
	return n;
}

REPRO_FN unsigned long compact_node(struct page *page)
{
	unsigned long n = compact_zone(page);

	NO_TAIL();
	return n;
}

REPRO_GLOBAL unsigned long kcompactd_do_work(struct page *page)
{
	unsigned long n = compact_node(page);

	NO_TAIL();
	return n;
}
