// SPDX-License-Identifier: GPL-2.0
/*
 * llcrash_main.c - llcrash.ko, variant 2 of the pagerace corpus
 * reproducers: module init, the set-up of each race's memory state and the
 * kthreads' entry points.  See llcrash.h for what differs from variant 1.
 * NEVER load this on a machine you care about: every scenario ends in a panic.
 *
 * As in variant 1, every ordering is forced with completions (llc.step[]),
 * and the crashing actor waits until the others sleep for good before it
 * crashes (wait_parked); the ground truth is printed on "pagerace-truth:"
 * lines by the shared helpers (../repro_common.c).
 */
#include "llcrash.h"

static char *scenario = "";
module_param(scenario, charp, 0444);
MODULE_PARM_DESC(scenario, "A, B, C, D, E or N (which crash to build)");

struct llc_race llc;

/* The file of the race with its pages; the victim is page idx, held. */
static int llc_file(const char *name, int idx, loff_t size)
{
	llc.file = setup_file(name, size ? size : POPULATED(idx) * PAGE_SIZE);
	if (IS_ERR(llc.file))
		return PTR_ERR(llc.file);
	llc.page = populate(llc.file->f_mapping, idx);
	if (IS_ERR_OR_NULL(llc.page))
		return llc.page ? PTR_ERR(llc.page) : -ENOMEM;
	return 0;
}

/* ---- A: Lustre read vs the OSC LRU shrinker (LU-1878 state) ---------- */
static int a_reader(void *unused)
{
	lock_page(llc.page);	/* filemap_fault hands ->read_folio a locked folio */
	ll_fault(llc.file, llc.page);
	NO_TAIL();
	park_forever();
	return 0;
}

static int a_ptlrpcd(void *unused)
{
	ptlrpcd(llc.page);
	NO_TAIL();
	return 0;
}

static int a_kswapd(void *unused)
{
	do_shrink_slab(llc.page);	/* kswapd -> balance_pgdat -> shrink_slab */
	NO_TAIL();
	return 0;
}

static int run_a(void)
{
	int err = llc_file("llite-file", 3, 0);

	if (err)
		return err;
	llc.other[0] = start_actor(a_kswapd, "kswapd0", "shrinker", "osc_lru_shrink");
	llc.other[1] = start_actor(a_ptlrpcd, "ptlrpcd_00_01", "group_io", "ptlrpcd_check");
	start_actor(a_reader, "dd", "crasher", "ll_read_ahead_pages");
	return 0;
}

/* ---- B: truncation hands a THP tail to truncate_inode_folio ---------- */
static struct page *b_head;

static int b_khugepaged(void *unused)
{
	khugepaged_scan_mm_slot(llc.file ? llc.file->f_mapping : NULL, b_head);
	NO_TAIL();
	return 0;
}

static int b_truncate(void *unused)
{
	struct page *page = llc.page;
	struct page *head = compound_head(page);

	wait_for_completion(&llc.step[0]);
	wait_parked(llc.other[0]);
	truth_page("page", page);
	truth_page("head", head);
	TRUTH("{\"compound\":{\"source\":\"%s\",\"order\":%u,\"head\":\"0x%lx\",\"tail_index\":%ld,\"thp\":%d}}",
	      llc.file ? "shmem-thp" : "alloc_pages-order2", compound_order(head),
	      (unsigned long)head, (long)(page - head), repro_page_thp(head) ? 1 : 0);
	if (llc.file) {
		truth_mapping("mapping", llc.file->f_mapping, llc.file->f_mapping->host);
		do_truncate(llc.file, page);	/* ftruncate(2) */
	} else {
		static struct address_space none;

		truncate_pagecache(&none, page);
	}
	NO_TAIL();
	park_forever();
	return 0;
}

static int run_b(void)
{
	struct page *p;
	int err = llc_file("thp-trunc", 0, 4UL << 20);

	if (err)
		return err;
	p = llc.page;
	if (repro_page_thp(compound_head(p))) {
		put_page(p);
		llc.page = shmem_read_mapping_page(llc.file->f_mapping, 5);
		if (IS_ERR(llc.page))
			return PTR_ERR(llc.page);
	} else {
		/* no THP from shmem: a bare compound page, in no file */
		struct page *c = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);

		put_page(p);
		fput(llc.file);
		llc.file = NULL;
		if (!c)
			return -ENOMEM;
		llc.page = c + 3;
	}
	b_head = compound_head(llc.page);
	llc.other[0] = start_actor(b_khugepaged, "khugepaged", "collapse", "collapse_file");
	start_actor(b_truncate, "trinity-c3", "crasher", "truncate_inode_folio");
	return 0;
}

/* ---- C: DAX punch hole (XFS) vs a direct I/O pin --------------------- */
static int c_punch(void *unused)
{
	xfs_file_fallocate(llc.file, llc.page);	/* FALLOC_FL_PUNCH_HOLE */
	NO_TAIL();
	park_forever();
	return 0;
}

static int c_dio(void *unused)
{
	xfs_file_read_iter(llc.file, llc.page);	/* O_DIRECT read */
	NO_TAIL();
	return 0;
}

static int run_c(void)
{
	llc.file = setup_file("xfs-dax", 16 * PAGE_SIZE);
	if (IS_ERR(llc.file))
		return PTR_ERR(llc.file);
	llc.page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!llc.page)
		return -ENOMEM;
	dax_associate_entry(llc.page, llc.file->f_mapping, 7);
	llc.other[0] = start_actor(c_dio, "xfs_io", "direct_io", "__iomap_dio_rw");
	start_actor(c_punch, "fsx", "crasher", "dax_disassociate_entry");
	return 0;
}

/* ---- D: a belated folio_end_writeback wake-up ------------------------ */
static int d_writer(void *unused)
{
	/* wb_workfn -> wb_writeback -> __writeback_single_inode */
	do_writepages(llc.file->f_mapping, page_folio(llc.page), xfs_writepages);
	NO_TAIL();
	park_forever();
	return 0;
}

static int d_waker(void *unused)
{
	xfs_end_io(page_folio(llc.page));	/* the xfs-conv workqueue */
	NO_TAIL();
	return 0;
}

static int run_d(void)
{
	struct folio *folio;
	int err = llc_file("xfs-wb", 6, 0);

	if (err)
		return err;
	/* the folio's new use: locked, under writeback, unlocked for the I/O */
	folio = page_folio(llc.page);
	folio_lock(folio);
	repro_folio_start_writeback(folio);
	folio_unlock(folio);
	llc.other[0] = start_actor(d_waker, "kworker/2:1H", "waker", "folio_end_writeback");
	start_actor(d_writer, "kworker/u8:3", "crasher", "folio_prepare_writeback");
	return 0;
}

/* ---- E: compaction reads a mapping that unlink freed ----------------- */
static int e_compact(void *unused)
{
	kcompactd_do_work(llc.page);
	NO_TAIL();
	park_forever();
	return 0;
}

static int e_unlink(void *unused)
{
	struct file *f = llc.file;

	wait_for_completion(&llc.step[0]);	/* the mapping was read */
	truth_mapping("mapping", f->f_mapping, f->f_mapping->host);
	llc.file = NULL;
	do_unlinkat(f, llc.page);	/* out of the cache; last iput frees it */
	NO_TAIL();
	return 0;
}

static int run_e(void)
{
	int err = llc_file("isolate-file", 4, 0);

	if (err)
		return err;
	llc.other[0] = start_actor(e_unlink, "rm", "truncate", "evict");
	start_actor(e_compact, "kcompactd0", "crasher", "isolate_migratepages_block");
	return 0;
}

/* ---- N: negative, a NULL dereference in a config parser -------------- */
static int run_n(void)
{
	truth_actor("crasher", current, "ini_parse_line");
	return llcrash_load_config(NULL);
}

static int __init llcrash_init(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(llc.step); i++)
		init_completion(&llc.step[i]);
	TRUTH("{\"scenario\":\"%s\",\"module_init\":\"0x%lx\"}",
	      scenario, (unsigned long)llcrash_init);
	switch (scenario[0] && !scenario[1] ? scenario[0] : '?') {
	case 'A': return run_a();
	case 'B': return run_b();
	case 'C': return run_c();
	case 'D': return run_d();
	case 'E': return run_e();
	case 'N': return run_n();
	}
	pr_err("llcrash: unknown scenario '%s'\n", scenario);
	return -EINVAL;
}
module_init(llcrash_init);
/* no module_exit: the guest never survives */

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("pagerace corpus variant 2: page-cache race reproducers with other names (crashes the kernel)");
