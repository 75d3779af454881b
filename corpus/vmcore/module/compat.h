/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - the kernel APIs the corpus modules use that changed between
 * the series they are built for (Debian's 6.1, 6.12 and 7.2).  Included
 * by repro.h after the kernel headers.  What each scenario builds in
 * memory is the same on every series; only the spelling changes.
 */
#ifndef PAGERACE_COMPAT_H
#define PAGERACE_COMPAT_H

#include <linux/version.h>

/*
 * Per-CPU LRU batches hold PAGEVEC_SIZE folios (15 in 6.1, 31 since 6.5);
 * 7.x dropped linux/pagevec.h for linux/folio_batch.h and FOLIO_BATCH_SIZE.
 */
#if defined(FOLIO_BATCH_SIZE)
#define REPRO_BATCH_SIZE FOLIO_BATCH_SIZE
#else
#define REPRO_BATCH_SIZE PAGEVEC_SIZE
#endif

/* acc53a0b4c15 ("mm: rename page->index to page->__folio_index"), 6.16 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 16, 0)
#define repro_page_index(page) ((page)->__folio_index)
#else
#define repro_page_index(page) ((page)->index)
#endif

/* 53fbef56e07d ("mm: introduce memdesc_flags_t"), 6.18: the word is .f */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 18, 0)
#define repro_page_flags(page) ((page)->flags.f)
#else
#define repro_page_flags(page) ((page)->flags)
#endif

/*
 * The raw word of a tail page that says where its head is: compound_head
 * (head | 1) until d50569612c29 ("mm: rename page->compound_head to
 * page->compound_info"), 7.1, where it holds head | 1 or, with HVO
 * (CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP and a power-of-2 struct page), an
 * address mask | 1.  The truth lines print the raw word either way.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 1, 0)
#define repro_compound_word(page) READ_ONCE((page)->compound_info)
#else
#define repro_compound_word(page) READ_ONCE((page)->compound_head)
#endif

/*
 * PageTransHuge(head) was VM_BUG_ON_PAGE(PageTail) + PageHead(); 7.x
 * removed it in favour of folio tests.  PageHead() says the same on every
 * series.
 */
#define repro_page_thp(head) PageHead(head)

/*
 * shmem_file_setup()'s flags became a vma_flags_t in 7.x (the VMA flags
 * bitmap conversion); no flags is EMPTY_VMA_FLAGS there, 0 before.
 */
#if defined(EMPTY_VMA_FLAGS)
#define REPRO_SHMEM_NO_FLAGS EMPTY_VMA_FLAGS
#else
#define REPRO_SHMEM_NO_FLAGS 0
#endif


/*
 * Putting a shmem page under writeback: since 7.x __folio_start_writeback()
 * adds the folio to its inode's bdi_writeback statistics (WB_WRITEBACK via
 * inode_to_wb()), and a shmem inode has none: a NULL dereference in
 * percpu_counter_add_batch (a 7.2 D guest), an oops the race does not have.
 * The race needs only PG_writeback set, as the page's new use under I/O
 * had it: on 7.x the flag alone (page-flags.h has only its test).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0)
#define repro_folio_start_writeback(folio) \
	set_bit(PG_writeback, &repro_page_flags(&(folio)->page))
#else
#define repro_folio_start_writeback(folio) folio_start_writeback(folio)
#endif

#endif
