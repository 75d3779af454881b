// SPDX-License-Identifier: GPL-2.0
/*
 * fs/open.c of the pagerace corpus module: the two ways into
 * truncate_pagecache() of the original reports.  B: opening a file with
 * read-only THPs for write truncates its page cache (do_dentry_open,
 * without the invalidate lock before 55fc0d917467).  E: truncate(2).
 */
#include "repro.h"

REPRO_GLOBAL int do_dentry_open(struct file *f, struct page *page)
{
	/* if ((f->f_mode & FMODE_WRITE) && filemap_nr_thps(inode->i_mapping))
	 *	truncate_pagecache(inode, 0); */
	truncate_pagecache(f->f_mapping, page);
	NO_TAIL();
	return 0;
}

REPRO_GLOBAL int do_truncate(struct file *f, struct page *page)
{
	/* notify_change() -> shmem_setattr() -> truncate_pagecache() */
	truncate_pagecache(f->f_mapping, page);
	NO_TAIL();
	return 0;
}
