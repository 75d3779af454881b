/* SPDX-License-Identifier: GPL-2.0 */
/*
 * llcrash.h - variant 2 of the pagerace corpus reproducers (llcrash.ko).
 *
 * The same races and the same memory states as pagerace_repro.ko and
 * lustre.ko (variant 1), reached through other files (repro/) and the
 * names a crash of the same race carries on other kernels and file
 * systems: 6.x folio names (truncate_inode_folio, folio_prepare_writeback,
 * truncate_folio_batch_exceptionals), iomap/XFS instead of ext4, a newer
 * Lustre read path (ll_io_read_page, ll_read_ahead_pages, osc_lru_shrink),
 * khugepaged's hpage_collapse_scan_file, and other task names.  A rule that
 * holds on to a file name, a module name or one spelling of a function
 * does not recognise these; one that follows the memory state does.
 */
#ifndef LLCRASH_H
#define LLCRASH_H
/* variant 1's cross-file declarations are not ours */
#define REPRO_VARIANT2
#include "../repro.h"

/* one state per race; only the scenario's is used */
struct llc_race {
	struct file *file;
	struct page *page;		/* the victim */
	struct completion step[3];	/* the race's ordering, in turn */
	struct task_struct *other[2];	/* the other parties */
};
extern struct llc_race llc;

/* llite_readahead.c (A) */
int ll_fault(struct file *file, struct page *page);
int ptlrpcd(struct page *page);
unsigned long do_shrink_slab(struct page *page);
/* thp_trunc.c, collapse.c (B) */
int do_truncate(struct file *f, struct page *page);
void truncate_pagecache(struct address_space *mapping, struct page *page);
void truncate_pagecache_range(struct address_space *mapping, struct page *page,
			      loff_t lstart, loff_t lend);
int khugepaged_scan_mm_slot(struct address_space *mapping, struct page *hpage);
/* dax_entry.c, xfs_file.c, iomap.c (C, D) */
void dax_associate_entry(struct page *page, struct address_space *mapping,
			 pgoff_t index);
int dax_delete_mapping_entry(struct address_space *mapping, struct page *page);
long xfs_file_fallocate(struct file *file, struct page *page);
ssize_t xfs_file_read_iter(struct file *file, struct page *page);
ssize_t iomap_dio_rw(struct address_space *mapping, struct page *page);
int xfs_break_layouts(struct page *page);
typedef int (*llc_writepages_t)(struct address_space *mapping, struct folio *folio);
extern const llc_writepages_t xfs_writepages;
int iomap_writepages(struct address_space *mapping, struct folio *folio);
void xfs_end_io(struct folio *folio);
void iomap_finish_ioends(struct folio *folio);
/* writeback.c (D) */
int do_writepages(struct address_space *mapping, struct folio *folio,
		  llc_writepages_t writepages);
struct folio *writeback_iter(struct address_space *mapping, struct folio *folio);
void folio_end_writeback(struct folio *folio);
/* isolate.c, unlink.c (E) */
unsigned long kcompactd_do_work(struct page *page);
long do_unlinkat(struct file *f, struct page *page);
/* ini_parse.c (N) */
int llcrash_load_config(const char *text);
#endif
