// SPDX-License-Identifier: GPL-2.0
/*
 * mm/compaction.c of the pagerace corpus module (scenario E): kcompactd
 * isolating LRU pages in async-migration mode.
 */
#include "repro.h"

#define ISOLATE_ASYNC_MIGRATE_REPRO 0x4

REPRO_FN unsigned long isolate_migratepages_block(struct page *page)
{
	unsigned long n = __isolate_lru_page(page, ISOLATE_ASYNC_MIGRATE_REPRO);

	NO_TAIL();
	return n;
}

REPRO_FN unsigned long isolate_migratepages(struct page *page)
{
	unsigned long n = isolate_migratepages_block(page);

	NO_TAIL();
	return n;
}

REPRO_GLOBAL unsigned long compact_zone(struct page *page)
{
	unsigned long n = isolate_migratepages(page);

	NO_TAIL();
	return n;
}
