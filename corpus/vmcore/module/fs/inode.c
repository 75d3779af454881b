// SPDX-License-Identifier: GPL-2.0
/*
 * fs/inode.c of the pagerace corpus module (scenario E): the last
 * reference to the truncated inode goes; evict() frees it with its
 * embedded address_space, while compaction still holds a pointer to it.
 */
#include "repro.h"

REPRO_FN void evict(struct inode *inode, struct file *last_ref)
{
	struct address_space *mapping = inode->i_mapping;

	fput(last_ref);			/* last reference: the real evict() */
	flush_delayed_fput();
	rcu_barrier();			/* inode freed (RCU callback) */
	/*
	 * shmem_inode_cache has a constructor, so SLUB does not poison its
	 * freed objects even with slub_debug=P: stand in for it.
	 */
	memset(mapping, POISON_FREE, sizeof(*mapping));
	TRUTH("{\"freed\":{\"mapping\":\"0x%lx\",\"inode\":\"0x%lx\",\"poison\":\"0x%x\"}}",
	      (unsigned long)mapping, (unsigned long)inode, POISON_FREE);
	complete(&e_freed);
	park_forever();
	NO_TAIL();
}

REPRO_GLOBAL void iput(struct inode *inode, struct file *last_ref)
{
	evict(inode, last_ref);
	NO_TAIL();
}
