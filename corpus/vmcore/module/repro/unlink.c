// SPDX-License-Identifier: GPL-2.0
/*
 * repro/unlink.c of llcrash.ko (variant 2 of race E): unlink(2) of the
 * file; its pages leave the page cache (the victim stays on the LRU: we
 * hold a reference) and the last iput() evicts and frees the inode with
 * its address_space.
 */
#include "llcrash.h"

REPRO_FN void evict(struct inode *inode, struct file *last_ref)
{
	struct address_space *mapping = inode->i_mapping;

	fput(last_ref);			/* the last reference */
	flush_delayed_fput();
	rcu_barrier();			/* the inode is freed (RCU callback) */
	/* shmem_inode_cache has a constructor: SLUB's poisoning (slub_debug=P)
	 * skips it, so stand in for it */
	memset(mapping, POISON_FREE, sizeof(*mapping));
	TRUTH("{\"freed\":{\"mapping\":\"0x%lx\",\"inode\":\"0x%lx\",\"poison\":\"0x%x\"}}",
	      (unsigned long)mapping, (unsigned long)inode, POISON_FREE);
	complete(&llc.step[1]);
	park_forever();
	NO_TAIL();
}

REPRO_FN void iput(struct inode *inode, struct file *last_ref)
{
	evict(inode, last_ref);
	NO_TAIL();
}

REPRO_GLOBAL long do_unlinkat(struct file *f, struct page *page)
{
	struct inode *inode = f->f_mapping->host;

	/* the pages go first (shmem_unlink -> ... -> shmem_truncate_range) */
	shmem_truncate_range(inode, 0, -1);
	iput(inode, f);
	NO_TAIL();
	return 0;
}
