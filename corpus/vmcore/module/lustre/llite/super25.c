// SPDX-License-Identifier: GPL-2.0
/*
 * lustre/llite/super25.c of the pagerace corpus's lustre.ko: module init.
 * This is NOT Lustre: it builds, in a throw-away QEMU guest, the memory
 * state of Lustre 1.8's LU-1878 race (race A of the pagerace corpus) and
 * crashes the way the original report did, so that the frames print
 * [lustre] as in the report.  NEVER load it on a machine you care about.
 */
#include "lustre_repro.h"
/* the corpus helpers (park/truth), one copy per module */
#include "../../repro_common.c"

static char *scenario = "";
module_param(scenario, charp, 0444);
MODULE_PARM_DESC(scenario, "A (the only race this module builds)");

static struct file *a_file;
static struct page *a_page;
DECLARE_COMPLETION(a_queued);
DECLARE_COMPLETION(a_io_done);
DECLARE_COMPLETION(a_truncated);
struct task_struct *a_t_shrinker, *a_t_groupio;

static int a_reader(void *unused)
{
	lock_page(a_page);	/* filemap_fault hands ->readpage a locked page */
	ll_fault(a_file, a_page);
	NO_TAIL();
	park_forever();
	return 0;
}

static int a_groupio(void *unused)
{
	obd_trigger_group_io(&a_oig);
	NO_TAIL();
	return 0;
}

static int a_kswapd(void *unused)
{
	ll_shrink_cache(a_page);	/* kswapd -> balance_pgdat -> shrink_slab */
	NO_TAIL();
	return 0;
}

static int __init init_lustre_lite(void)
{
	TRUTH("{\"scenario\":\"%s\",\"module_init\":\"0x%lx\"}",
	      scenario, (unsigned long)init_lustre_lite);
	if (strcmp(scenario, "A")) {
		pr_err("pagerace: lustre.ko builds scenario A only, not '%s'\n", scenario);
		return -EINVAL;
	}
	a_file = setup_file("lustre-file-a", POPULATED(3) * PAGE_SIZE);
	if (IS_ERR(a_file))
		return PTR_ERR(a_file);
	a_page = populate(a_file->f_mapping, 3);
	if (IS_ERR_OR_NULL(a_page))
		return -ENOMEM;
	a_t_shrinker = start_actor(a_kswapd, "kswapd56", "shrinker", "llap_shrink_cache");
	a_t_groupio = start_actor(a_groupio, "ptlrpcd-brw", "group_io", "obd_trigger_group_io");
	start_actor(a_reader, "magic.exe", "crasher", "ll_readpage");
	return 0;
}
module_init(init_lustre_lite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("pagerace corpus: Lustre LU-1878 race reproducer named like lustre.ko (crashes the kernel)");
