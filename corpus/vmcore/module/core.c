// SPDX-License-Identifier: GPL-2.0
/*
 * pagerace_repro - builds, inside a throw-away QEMU guest, the memory state of
 * documented page-cache races B-E plus a negative (N), and then crashes the
 * way the original reports did, so that a real kdump of a real kernel can be
 * captured for the pagerace test corpus.  Race A (Lustre) is lustre.ko
 * (lustre/llite/), so that its frames say [lustre].
 *
 * NEVER load this on a machine you care about: every scenario ends in a panic.
 *
 * Every ordering is forced with completions, never left to timing.  Every
 * actor prints its pid/comm, and the crashing actor prints the victim objects
 * as it sees them, on lines "pagerace-truth: {json}" that the host parses into
 * the ground truth of the dump.
 *
 * Each crashing function lives in a file named like the original's source
 * file (mm/truncate.c, fs/dax.c, fs/ext4/inode.c, mm/vmscan.c) and carries
 * the original's name, so BUG()/WARN() print "at mm/truncate.c:N" etc. (the
 * build maps the module directory away from __FILE__, as a kernel build
 * does for its tree).  The other parties' functions carry the original names
 * too; see repro.h for the names that this kernel's headers also declare.
 * Several are also local symbols of vmlinux (collapse_file,
 * dax_disassociate_entry, ext4_punch_hole, follow_page_pte, evict...): ours
 * carry the [pagerace_repro] tag.  BUG() paths may be split by GCC into
 * "<name>.cold" parts, as in any kernel build.
 *
 * This file: scenario set-up, the kthreads' entry points, and N.
 */
#include "repro.h"

static char *scenario = "";
module_param(scenario, charp, 0444);
MODULE_PARM_DESC(scenario, "B, C, D, E or N (which crash to build)");

/* ------------------------------------------------------------------ B --- */
/*
 * THP: truncation (a second writer's do_dentry_open -> truncate_pagecache)
 * hands a TAIL page of a huge page to truncate_inode_page(), whose
 * VM_BUG_ON_PAGE(PageTail(page), page) fires; khugepaged sits in
 * collapse_file() holding the huge page locked (rolling back).
 */
static struct file *b_file;
static struct page *b_tail;
static struct page *b_head;
static const char *b_source = "shmem-thp";
DECLARE_COMPLETION(b_collapsing);
static struct task_struct *b_t_collapse;

static int b_khugepaged(void *unused)
{
	khugepaged_scan_file(b_file ? b_file->f_mapping : NULL, b_head);
	NO_TAIL();
	return 0;
}

static int b_truncate(void *unused)
{
	struct page *page = b_tail;
	struct address_space *mapping = b_file ? b_file->f_mapping : NULL;

	wait_for_completion(&b_collapsing);
	wait_parked(b_t_collapse);
	truth_page("page", page);
	truth_page("head", compound_head(page));
	TRUTH("{\"compound\":{\"source\":\"%s\",\"order\":%u,\"head\":\"0x%lx\",\"tail_index\":%ld,\"thp\":%d}}",
	      b_source, compound_order(compound_head(page)),
	      (unsigned long)compound_head(page),
	      (long)(page - compound_head(page)),
	      repro_page_thp(compound_head(page)) ? 1 : 0);
	if (mapping)
		truth_mapping("mapping", mapping, mapping->host);
	if (b_file) {
		do_dentry_open(b_file, page);
	} else {
		/* fallback compound page, in no file: a bare mapping-less
		 * file cannot be opened; same truncate path */
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

	b_file = setup_file("thp-file-b", 4UL << 20);
	if (IS_ERR(b_file))
		return PTR_ERR(b_file);
	p = populate(b_file->f_mapping, 0);
	if (IS_ERR_OR_NULL(p))
		return -ENOMEM;
	if (repro_page_thp(compound_head(p))) {
		/* a real THP in the page cache: take subpage 3 */
		put_page(p);
		b_tail = shmem_read_mapping_page(b_file->f_mapping, 3);
		if (IS_ERR(b_tail))
			return PTR_ERR(b_tail);
	} else {
		/* shmem gave a small page: fall back to a bare compound page */
		struct page *c = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);

		put_page(p);
		fput(b_file);
		b_file = NULL;
		if (!c)
			return -ENOMEM;
		b_source = "alloc_pages-order2";
		b_tail = c + 3;
	}
	b_head = compound_head(b_tail);
	b_t_collapse = start_actor(b_khugepaged, "khugepaged", "collapse", "collapse_file");
	start_actor(b_truncate, "stress_madvise", "crasher", "truncate_inode_page");
	return 0;
}

/* ------------------------------------------------------------------ C --- */
/*
 * ext4 DAX, LP#1787089: ext4_break_layouts() saw every page with refcount 1,
 * then direct I/O pinned one (get_page in follow_page_pte), then the
 * truncate path reached dax_disassociate_entry() and its
 * WARN_ON_ONCE(page_ref_count(page) > 1) fired (panic_on_warn=1).
 */
static struct file *c_file;
static struct page *c_page;
DECLARE_COMPLETION(c_layouts_broken);
DECLARE_COMPLETION(c_pinned);
struct task_struct *c_t_dio;

static int c_punch(void *unused)
{
	ext4_punch_hole(c_file->f_mapping, c_page);	/* ext4_fallocate */
	NO_TAIL();
	park_forever();
	return 0;
}

static int c_dio(void *unused)
{
	ext4_direct_IO(c_file->f_mapping, c_page);	/* ext4_file_read_iter */
	NO_TAIL();
	return 0;
}

static int run_c(void)
{
	c_file = setup_file("dax-file-c", 16 * PAGE_SIZE);
	if (IS_ERR(c_file))
		return PTR_ERR(c_file);
	c_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!c_page)
		return -ENOMEM;
	dax_associate_entry(c_page, c_file->f_mapping, 5);
	c_t_dio = start_actor(c_dio, "fio", "direct_io", "ext4_direct_IO");
	start_actor(c_punch, "fallocate", "crasher", "dax_disassociate_entry");
	return 0;
}

/* ------------------------------------------------------------------ D --- */
/*
 * 073861ed77b6: end_page_writeback()'s belated wake_up_page() for the old use
 * of a page wakes the waiter of the new use, which is still under writeback:
 * BUG_ON(PageWriteback(page)) after wait_on_page_writeback() in ext4's
 * mpage_prepare_extent_to_map().
 */
static struct file *d_file;
static struct page *d_page;
DECLARE_COMPLETION(d_waiting);
DECLARE_COMPLETION(d_wakeup);
struct task_struct *d_t_waker;

static int d_writer(void *unused)
{
	/* wb_workfn -> ... -> __writeback_single_inode */
	do_writepages(d_file->f_mapping, d_page, ext4_da_writepages);
	NO_TAIL();
	park_forever();
	return 0;
}

static int d_waker(void *unused)
{
	ext4_end_io_rsv_work(d_page);
	NO_TAIL();
	return 0;
}

static int run_d(void)
{
	d_file = setup_file("wb-file-d", POPULATED(4) * PAGE_SIZE);
	if (IS_ERR(d_file))
		return PTR_ERR(d_file);
	d_page = populate(d_file->f_mapping, 4);
	if (IS_ERR_OR_NULL(d_page))
		return -ENOMEM;
	/* the page's new use: locked, under writeback, unlocked for the I/O */
	lock_page(d_page);
	repro_folio_start_writeback(page_folio(d_page));
	unlock_page(d_page);
	d_t_waker = start_actor(d_waker, "kworker/u4:7", "waker", "end_page_writeback");
	start_actor(d_writer, "kworker/u4:6", "crasher", "mpage_prepare_extent_to_map");
	return 0;
}

/* ------------------------------------------------------------------ E --- */
/*
 * 69d763fc6d3a: __isolate_lru_page() read page_mapping(page), truncation then
 * removed the page from the page cache (it stays on the LRU: we hold a
 * reference) and the inode with its embedded address_space was evicted and
 * freed; __isolate_lru_page() then reads mapping->a_ops from freed memory.
 */
static struct file *e_file;
static struct page *e_page;
DECLARE_COMPLETION(e_mapping_read);
DECLARE_COMPLETION(e_freed);
struct task_struct *e_t_truncate;

static int e_compact(void *unused)
{
	compact_zone(e_page);	/* kcompactd -> kcompactd_do_work */
	NO_TAIL();
	park_forever();
	return 0;
}

static int e_truncate(void *unused)
{
	struct file *f = e_file;
	struct inode *inode = f->f_mapping->host;

	wait_for_completion(&e_mapping_read);
	truth_mapping("mapping", f->f_mapping, inode);
	do_truncate(f, e_page);		/* page->mapping = NULL */
	e_file = NULL;
	iput(inode, f);			/* evict: inode and mapping freed */
	NO_TAIL();
	return 0;
}

static int run_e(void)
{
	e_file = setup_file("lru-file-e", POPULATED(2) * PAGE_SIZE);
	if (IS_ERR(e_file))
		return PTR_ERR(e_file);
	e_page = populate(e_file->f_mapping, 2);
	if (IS_ERR_OR_NULL(e_page))
		return -ENOMEM;
	e_t_truncate = start_actor(e_truncate, "truncate", "truncate", "evict");
	start_actor(e_compact, "kcompactd9", "crasher", "__isolate_lru_page");
	return 0;
}

/* ------------------------------------------------------------------ N --- */
/* Negative: a plain NULL dereference in code that has nothing to do with
 * the page cache, in insmod's own context. */
struct netcfg_entry {
	const char *name;
	int value;
};

struct netcfg_table {
	int count;
	struct netcfg_entry *entries;
};

REPRO_FN int netcfg_lookup(struct netcfg_table *table, const char *name)
{
	int i;

	for (i = 0; i < READ_ONCE(table->count); i++)	/* table == NULL */
		if (!strcmp(table->entries[i].name, name))
			return table->entries[i].value;
	return -ENOENT;
}

REPRO_FN int netcfg_apply(struct netcfg_table *table)
{
	int v;

	truth_actor("crasher", current, "netcfg_lookup");
	TRUTH("{\"table\":\"0x%lx\"}", (unsigned long)table);
	v = netcfg_lookup(table, "mtu");
	NO_TAIL();
	return v;
}

static int run_n(void)
{
	return netcfg_apply(NULL);
}

static int __init pagerace_repro_init(void)
{
	TRUTH("{\"scenario\":\"%s\",\"module_init\":\"0x%lx\"}",
	      scenario, (unsigned long)pagerace_repro_init);
	if (!strcmp(scenario, "B"))
		return run_b();
	if (!strcmp(scenario, "C"))
		return run_c();
	if (!strcmp(scenario, "D"))
		return run_d();
	if (!strcmp(scenario, "E"))
		return run_e();
	if (!strcmp(scenario, "N"))
		return run_n();
	pr_err("pagerace: unknown scenario '%s' (A is lustre.ko)\n", scenario);
	return -EINVAL;
}
module_init(pagerace_repro_init);
/* no module_exit: the module cannot be unloaded, the guest never survives */

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("pagerace corpus: deterministic page-cache race reproducers (crashes the kernel)");
