/* SPDX-License-Identifier: GPL-2.0 */
/*
 * repro.h - shared by every file of the pagerace corpus modules
 * (pagerace_repro.ko and lustre.ko).  See core.c for what they do.
 *
 * Function names are those of the original reports.  Some of them are also
 * declared by this kernel's headers (with other signatures); so that our own
 * definitions can carry the real names, those declarations are renamed
 * while the kernel headers are read.  Our definitions are module symbols
 * ("[pagerace_repro]"/"[lustre]" in traces); none of them is exported, so
 * they never collide with vmlinux's.
 */
#ifndef PAGERACE_REPRO_H
#define PAGERACE_REPRO_H

#define truncate_pagecache		kernel_truncate_pagecache
#define truncate_pagecache_range	kernel_truncate_pagecache_range
#define truncate_inode_pages_range	kernel_truncate_inode_pages_range
#define delete_from_page_cache		kernel_delete_from_page_cache
#define dax_delete_mapping_entry	kernel_dax_delete_mapping_entry
#define __blockdev_direct_IO		kernel___blockdev_direct_IO
#define end_page_writeback		kernel_end_page_writeback
#define wait_on_page_writeback		kernel_wait_on_page_writeback
#define do_writepages			kernel_do_writepages
#define do_truncate			kernel_do_truncate
#define iput				kernel_iput
/* variant 2 (llcrash.ko) names that the headers declare too */
#define folio_wait_writeback		kernel_folio_wait_writeback
#define folio_end_writeback		kernel_folio_end_writeback
#define writeback_iter			kernel_writeback_iter
#define notify_change			kernel_notify_change

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/completion.h>
#include <linux/shmem_fs.h>
#include <linux/pagemap.h>
#if __has_include(<linux/folio_batch.h>)
#include <linux/folio_batch.h>	/* 7.x */
#else
#include <linux/pagevec.h>
#endif
#include <linux/writeback.h>
#include <linux/mm.h>
#include <linux/mmdebug.h>
#include <linux/huge_mm.h>
#include <linux/dax.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/poison.h>
#include <linux/err.h>
#include <linux/string.h>

#include "compat.h"

#undef truncate_pagecache
#undef truncate_pagecache_range
#undef truncate_inode_pages_range
#undef delete_from_page_cache
#undef dax_delete_mapping_entry
#undef __blockdev_direct_IO
#undef end_page_writeback
#undef wait_on_page_writeback
#undef do_writepages
#undef do_truncate
#undef iput
#undef folio_wait_writeback
#undef folio_end_writeback
#undef writeback_iter
#undef notify_change

/* Keep every named function a real frame: no inlining, no IPA clones. */
#define REPRO_FN static noinline __attribute__((__noipa__))
#define REPRO_GLOBAL noinline __attribute__((__noipa__))
/* Put after a call so that it is not a sibling (tail) call. */
#define NO_TAIL() asm volatile("" ::: "memory")

#define TRUTH(fmt, ...) pr_info("pagerace-truth: " fmt "\n", ##__VA_ARGS__)

/* repro_common.c (one copy in each module) */
void park_forever(void);
void mark_parking(void);
void wait_parked(struct task_struct *t);
void truth_page(const char *key, struct page *page);
void truth_mapping(const char *key, struct address_space *mapping,
		   struct inode *inode);
void truth_actor(const char *role, struct task_struct *t, const char *func);
struct task_struct *start_actor(int (*fn)(void *), const char *comm,
				const char *role, const char *func);
struct file *setup_file(const char *name, loff_t size);
/* > the LRU batch: 15 in 6.1, 31 since 6.5 (a fuller folio_batch) */
#define LRU_FLUSH (REPRO_BATCH_SIZE + 1)
#define POPULATED(idx) ((idx) + LRU_FLUSH)
struct page *populate(struct address_space *mapping, int idx);

#ifndef REPRO_VARIANT2
/* ---- pagerace_repro.ko: what the files call across each other ---- */
/* mm/truncate.c */
void truncate_pagecache(struct address_space *mapping, struct page *page);
void truncate_pagecache_range(struct address_space *mapping,
			      struct page *page, loff_t lstart, loff_t lend);
/* mm/khugepaged.c */
int khugepaged_scan_file(struct address_space *mapping, struct page *hpage);
/* mm/compaction.c, mm/vmscan.c */
unsigned long compact_zone(struct page *page);
bool __isolate_lru_page(struct page *page, unsigned int mode);
/* mm/filemap.c, mm/page-writeback.c */
void end_page_writeback(struct page *page);
void wait_on_page_writeback(struct page *page);
typedef int (*writepages_t)(struct address_space *mapping, struct page *page);
int do_writepages(struct address_space *mapping, struct page *page,
		  writepages_t writepages);
/* fs/open.c, fs/inode.c */
int do_dentry_open(struct file *f, struct page *page);
int do_truncate(struct file *f, struct page *page);
void iput(struct inode *inode, struct file *last_ref);
/* fs/dax.c */
void dax_associate_entry(struct page *page, struct address_space *mapping,
			 pgoff_t index);
int dax_delete_mapping_entry(struct address_space *mapping, struct page *page);
/* fs/direct-io.c */
ssize_t __blockdev_direct_IO(struct address_space *mapping, struct page *page);
/* fs/ext4/inode.c, fs/ext4/page-io.c */
extern const writepages_t ext4_da_writepages;
long ext4_punch_hole(struct address_space *mapping, struct page *page);
ssize_t ext4_direct_IO(struct address_space *mapping, struct page *page);
void ext4_end_io_rsv_work(struct page *page);

/* scenario state, core.c */
extern struct completion c_layouts_broken, c_pinned;
extern struct task_struct *c_t_dio;
extern struct completion d_waiting, d_wakeup;
extern struct task_struct *d_t_waker;
extern struct completion e_mapping_read, e_freed;
extern struct task_struct *e_t_truncate;
#endif /* !REPRO_VARIANT2 */

#endif
