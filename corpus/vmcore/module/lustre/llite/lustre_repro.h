/* SPDX-License-Identifier: GPL-2.0 */
/* lustre.ko of the pagerace corpus (race A, LU-1878): shared declarations. */
#ifndef LUSTRE_REPRO_H
#define LUSTRE_REPRO_H
#include "repro.h"

struct obd_io_group {
	struct page *pages[4];
	int count;
};

struct ll_readahead_state {
	unsigned long ras_window_start;
	unsigned long ras_window_len;
};

/* rw.c */
int ll_readpage(struct file *file, struct page *page);
int ll_shrink_cache(struct page *page);
int obd_trigger_group_io(struct obd_io_group *oig);
extern struct obd_io_group a_oig;
/* llite_mmap.c */
int ll_fault(struct file *file, struct page *page);
void ll_teardown_mmaps(void);
/* super25.c */
extern struct completion a_queued, a_io_done, a_truncated;
extern struct task_struct *a_t_shrinker, *a_t_groupio;
#endif
