// SPDX-License-Identifier: GPL-2.0
/*
 * repro_common.c - helpers of the pagerace corpus modules: parking actors,
 * waiting for them to sleep, printing the ground truth.  Built into
 * pagerace_repro.ko (listed in Kbuild) and #included by lustre.ko's
 * lustre/llite/super25.c, so that each module has its own copy.
 */
#include "repro.h"

static DECLARE_COMPLETION(never);	/* nobody ever completes this one */

#define MAX_PARKED 8
static struct task_struct *parked[MAX_PARKED];
static atomic_t nparked = ATOMIC_INIT(0);

/* The caller is about to sleep for good (in park_forever() or on a lock
 * that is never released). */
void mark_parking(void)
{
	int i = atomic_inc_return(&nparked) - 1;

	if (i < MAX_PARKED)
		WRITE_ONCE(parked[i], current);
}

/* An actor that has done its part sleeps here for good (D state). */
void park_forever(void)
{
	mark_parking();
	wait_for_completion(&never);
}

static bool is_parked(struct task_struct *t)
{
	int i, n = min(atomic_read(&nparked), MAX_PARKED);

	for (i = 0; i < n; i++)
		if (READ_ONCE(parked[i]) == t)
			return true;
	return false;
}

/*
 * Before crashing, wait until the other actor sleeps for good and is fully
 * switched out, so that the dump shows it asleep in its function.
 * A condition, not a delay.
 */
void wait_parked(struct task_struct *t)
{
	if (IS_ERR_OR_NULL(t))
		return;		/* no such actor: the drgn check will say so */
	while (!is_parked(t) ||
	       READ_ONCE(t->__state) != TASK_UNINTERRUPTIBLE || READ_ONCE(t->on_cpu))
		schedule_timeout_uninterruptible(1);
}

void truth_page(const char *key, struct page *page)
{
	TRUTH("{\"%s\":{\"addr\":\"0x%lx\",\"pfn\":%lu,\"mapping\":\"0x%lx\","
	      "\"refcount\":%d,\"mapcount\":%d,\"index\":%lu,\"flags\":\"0x%lx\","
	      "\"compound_head\":\"0x%lx\",\"flags_decoded\":\"%pGp\"}}",
	      key, (unsigned long)page, page_to_pfn(page),
	      (unsigned long)READ_ONCE(page->mapping), page_ref_count(page),
	      atomic_read(&page->_mapcount), repro_page_index(page),
	      repro_page_flags(page), repro_compound_word(page),
	      &repro_page_flags(page));
}

void truth_mapping(const char *key, struct address_space *mapping,
		   struct inode *inode)
{
	TRUTH("{\"%s\":{\"addr\":\"0x%lx\",\"host\":\"0x%lx\",\"nrpages\":%lu}}",
	      key, (unsigned long)mapping, (unsigned long)inode,
	      mapping ? READ_ONCE(mapping->nrpages) : 0UL);
}

void truth_actor(const char *role, struct task_struct *t, const char *func)
{
	TRUTH("{\"actor\":{\"role\":\"%s\",\"pid\":%d,\"comm\":\"%s\",\"task\":\"0x%lx\",\"func\":\"%s\"}}",
	      role, task_pid_nr(t), t->comm, (unsigned long)t, func);
}

struct task_struct *start_actor(int (*fn)(void *), const char *comm,
				const char *role, const char *func)
{
	struct task_struct *t = kthread_create(fn, NULL, "%s", comm);

	if (IS_ERR(t))
		return t;
	truth_actor(role, t, func);
	wake_up_process(t);
	return t;
}

struct file *setup_file(const char *name, loff_t size)
{
	struct file *f = shmem_file_setup(name, size, REPRO_SHMEM_NO_FLAGS);

	if (IS_ERR(f))
		pr_err("pagerace: shmem_file_setup(%s) failed: %ld\n", name, PTR_ERR(f));
	return f;
}

/*
 * Populate pages [0, idx + LRU_FLUSH) of a shmem file; return page idx with a
 * reference.  New pages wait in a per-CPU LRU batch (holding a reference,
 * PG_lru clear) until the batch fills: adding LRU_FLUSH more pages on the
 * same CPU flushes the victim's batch, so that its refcount and flags no
 * longer change behind our back.
 */
struct page *populate(struct address_space *mapping, int idx)
{
	struct page *keep = NULL;
	int i;

	migrate_disable();
	for (i = 0; i < POPULATED(idx); i++) {
		struct page *p = shmem_read_mapping_page(mapping, i);

		if (IS_ERR(p)) {
			migrate_enable();
			pr_err("pagerace: shmem_read_mapping_page(%d): %ld\n", i, PTR_ERR(p));
			if (keep)
				put_page(keep);
			return p;
		}
		if (i == idx)
			keep = p;
		else
			put_page(p);
	}
	migrate_enable();
	if (keep && !PageLRU(compound_head(keep)))
		pr_warn("pagerace: victim page %px still not on the LRU\n", keep);
	return keep;
}
