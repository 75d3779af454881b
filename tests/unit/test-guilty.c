// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The guilty frame: the generated infrastructure table (sorted, never
 * a page-cache function) and the per-kind rules, on the frame sequences
 * of real reports (the corpus/oops/guilty-* logs hold the reports).
 */
#include <stdlib.h>
#include <string.h>

#include "guilty.h"
#include "record.h"
#include "signature/bucket.h"
#include "tap.h"

/*
 * A record of @p kind with fault site @p fault (NULL: none) and the
 * frames of @p trace, space-separated, "?" before an unreliable one;
 * returns the guilty function ("" when none) in a static buffer.
 */
static const char *guilty_of(enum crash_kind kind, const char *fault,
			     const char *trace, char bucket[256])
{
	static char ret[128];
	struct crash_record rec;
	crash_record_init(&rec);
	rec.kind = kind;
	if (fault) {
		rec.has_fault = true;
		rec.fault.function = rec.fault.normalized =
			record_strdup(&rec, fault);
	}
	for (const char *p = trace; *p;) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (!n)
			break;
		bool reliable = *p != '?';
		const char *name = reliable ? p : p + 1;
		struct frame *f = frame_vector_push(&rec, &rec.frames, name,
						    n - !reliable);
		if (f)
			f->reliable = reliable;
		p += n;
	}
	if (crash_record_finish(&rec))
		strcpy(ret, "(enomem)");
	else {
		const struct frame *g = crash_record_guilty(&rec);
		snprintf(ret, sizeof(ret), "%s", g ? g->normalized : "");
	}
	if (bucket) {
		struct bucket b;
		bucket_compute(&rec, NULL, &b);
		snprintf(bucket, 256, "%s", b.key);
	}
	crash_record_deinit(&rec);
	return ret;
}

static void test_table_sorted(void)
{
	size_t n;
	const struct infra_pattern *p = infra_patterns(INFRA_EXACT, &n);
	bool sorted = true;
	for (size_t i = 1; i < n; i++) {
		if (strcmp(p[i - 1].pattern, p[i].pattern) >= 0) {
			sorted = false;
			printf("# %s before %s\n", p[i - 1].pattern,
			       p[i].pattern);
		}
	}
	ok(n > 100 && sorted, "the exact names are sorted for bsearch (%zu)",
	   n);
	bool groups = true;
	for (int t = INFRA_EXACT; t <= INFRA_SUFFIX; t++) {
		p = infra_patterns(t, &n);
		for (size_t i = 0; i < n; i++) {
			const struct infra_group *g = infra_group(p[i].group);
			if (!g || !g->why[0] || !g->area[0] ||
			    strlen(p[i].pattern) != p[i].len)
				groups = false;
		}
	}
	ok(groups, "every pattern has an area and a rationale");
	const struct infra_group *g =
		infra_frame_group(CRASH_WARNING, "lock_acquire");
	is_str(g ? g->area : NULL, "locking", "lock_acquire is locking");
	g = infra_frame_group(CRASH_KASAN, "memcpy_erms");
	is_str(g ? g->area : NULL, "string", "*_erms is a string routine");
	g = infra_frame_group(CRASH_HUNG_TASK, "wait_for_completion_timeout");
	is_str(g ? g->area : NULL, "sched", "wait_for_completion* is sched");
	ok(!infra_frame_group(CRASH_BUG, "ext4_writepages"),
	   "a filesystem function is not infrastructure");
}

/*
 * Page-cache functions are never skipped: for pagerace they are the
 * story.  Families by prefix, and the functions of mm/filemap.c,
 * mm/truncate.c, mm/shmem.c, mm/readahead.c, mm/page-writeback.c and
 * mm/khugepaged.c that reports of page-cache races stop in.
 */
static const char *const pagecache_families[] = {
	"truncate_", "filemap_", "__filemap_", "pagecache_",
	"mapping_",  "shmem_",	 "folio_",     "page_cache_",
};

static const char *const pagecache_functions[] = {
	"truncate_inode_page",
	"truncate_inode_pages_range",
	"truncate_inode_partial_folio",
	"truncate_cleanup_folio",
	"truncate_pagecache",
	"truncate_pagecache_range",
	"find_lock_entries",
	"find_get_entries",
	"filemap_fault",
	"filemap_map_pages",
	"filemap_read",
	"filemap_get_pages",
	"filemap_add_folio",
	"__filemap_add_folio",
	"__filemap_get_folio",
	"filemap_remove_folio",
	"__filemap_remove_folio",
	"filemap_release_folio",
	"filemap_write_and_wait_range",
	"__filemap_fdatawait_range",
	"filemap_fdatawrite_wbc",
	"pagecache_get_page",
	"folio_lock",
	"__folio_lock",
	"__folio_lock_killable",
	"folio_unlock",
	"folio_wait_bit",
	"folio_wait_bit_common",
	"folio_wait_writeback",
	"folio_wait_stable",
	"folio_end_writeback",
	"folio_end_read",
	"wait_on_page_bit",
	"wait_on_page_bit_common",
	"wait_on_page_writeback",
	"wake_up_page_bit",
	"end_page_writeback",
	"unlock_page",
	"__lock_page",
	"lock_page",
	"mapping_set_error",
	"mapping_evict_folio",
	"shmem_fault",
	"shmem_get_folio_gfp",
	"shmem_undo_range",
	"collapse_file",
	"write_cache_pages",
	"invalidate_inode_pages2_range",
	"invalidate_mapping_pages",
	"mpage_readahead",
	"page_cache_ra_unbounded",
	"page_cache_delete",
	"read_pages",
	"delete_from_page_cache",
	"replace_page_cache_page",
	"do_read_cache_folio",
	"clear_page_dirty_for_io",
	"set_page_dirty",
	"__set_page_dirty_nobuffers",
};

static void test_pagecache_never_skipped(void)
{
	size_t nfam =
		sizeof(pagecache_families) / sizeof(pagecache_families[0]);
	bool clean = true;
	for (int t = INFRA_EXACT; t <= INFRA_SUFFIX; t++) {
		size_t n;
		const struct infra_pattern *p = infra_patterns(t, &n);
		for (size_t i = 0; i < n; i++) {
			for (size_t f = 0; f < nfam; f++) {
				const char *fam = pagecache_families[f];
				size_t flen = strlen(fam);
				// An entry in the family ("filemap_x", or
				// "folio_*"), or a prefix wider than it
				// ("fol*" would take every folio_ name).
				bool in = t != INFRA_SUFFIX &&
					  strncmp(p[i].pattern, fam, flen) == 0;
				bool wider = t == INFRA_PREFIX &&
					     strncmp(fam, p[i].pattern,
						     p[i].len) == 0;
				// folio_put/folio_alloc are mm/swap.c and
				// page_alloc.c, not the page cache.
				if (in && t == INFRA_EXACT &&
				    strcmp(fam, "folio_") == 0 &&
				    (strcmp(p[i].pattern, "folio_put") == 0 ||
				     strcmp(p[i].pattern, "folio_alloc") == 0))
					in = false;
				if (in || wider) {
					printf("# %s%s is page cache (%s)\n",
					       p[i].pattern,
					       t == INFRA_PREFIX ? "*" : "",
					       fam);
					clean = false;
				}
			}
		}
	}
	ok(clean, "no infrastructure pattern is in a page-cache family");
	size_t nfn =
		sizeof(pagecache_functions) / sizeof(pagecache_functions[0]);
	bool kept = true;
	for (size_t i = 0; i < nfn; i++) {
		for (int k = 0; k < CRASH_KIND_COUNT; k++) {
			const struct infra_group *g =
				infra_frame_group(k, pagecache_functions[i]);
			if (g) {
				printf("# %s is skipped in %s reports (%s)\n",
				       pagecache_functions[i],
				       crash_kind_name(k), g->area);
				kept = false;
				break;
			}
		}
	}
	ok(kept, "no page-cache function (%zu) is skipped in any kind", nfn);
	is_str(guilty_of(CRASH_HUNG_TASK, NULL,
			 "__schedule schedule io_schedule folio_wait_bit_common "
			 "__folio_lock truncate_inode_pages_range",
			 NULL),
	       "folio_wait_bit_common",
	       "hung task waiting on a folio: the page-cache wait is the story");
}

static void test_kind_rules(void)
{
	char bucket[256];
	// Lockdep, "stack backtrace:" after the dependency chain.
	const char *lockdep =
		"__ww_mutex_lock ww_mutex_lock dma_resv_lockdep do_one_initcall "
		"__lock_acquire lock_acquire __might_fault "
		"amdgpu_debugfs_mqd_read full_proxy_read vfs_read "
		"dump_stack_lvl check_noncircular print_circular_bug "
		"__lock_acquire lock_acquire __might_fault "
		"amdgpu_debugfs_mqd_read full_proxy_read vfs_read ksys_read "
		"do_syscall_64";
	is_str(guilty_of(CRASH_LOCKDEP_DEADLOCK, NULL, lockdep, bucket),
	       "amdgpu_debugfs_mqd_read",
	       "lockdep: first non-locking frame of the acquiring stack");
	is_str(bucket, "lockdep_deadlock:amdgpu_debugfs_mqd_read@vmlinux",
	       "the bucket key uses the guilty frame");
	is_str(guilty_of(CRASH_WARNING, NULL, lockdep, NULL),
	       "amdgpu_debugfs_mqd_read",
	       "a lockdep report still classified WARNING: the same frame");
	// Cut before "stack backtrace:": chain entry #0 is the acquiring one.
	is_str(guilty_of(CRASH_LOCKDEP_DEADLOCK, NULL,
			 "__ww_mutex_lock ww_mutex_lock dma_resv_lockdep "
			 "do_one_initcall __lock_acquire lock_acquire "
			 "__might_fault amdgpu_debugfs_mqd_read vfs_read",
			 NULL),
	       "amdgpu_debugfs_mqd_read", "lockdep, cut: chain entry #0");
	// Chain entry #0 entered lockdep through lock_sync(), not lock_acquire().
	is_str(guilty_of(CRASH_LOCKDEP_DEADLOCK, NULL,
			 "__flush_work svm_range_list_lock_and_flush_work "
			 "svm_range_set_attr kfd_ioctl __lock_acquire lock_sync "
			 "__synchronize_srcu __mmu_notifier_release exit_mmap",
			 NULL),
	       "__mmu_notifier_release", "lockdep, cut: entered via lock_sync");
	// A lockdep report without a stack names its lock site.
	is_str(guilty_of(CRASH_BAD_UNLOCK, "drm_gpusvm_scan_mm", "", NULL),
	       "drm_gpusvm_scan_mm", "bad unlock balance: the lock site");
	is_str(guilty_of(CRASH_LOCKDEP_DEADLOCK, "touch_wq_lockdep_map",
			 "dump_stack_lvl print_deadlock_bug __lock_acquire "
			 "lock_acquire touch_wq_lockdep_map __flush_workqueue "
			 "nvmet_ctrl_free nvmet_sq_destroy",
			 NULL),
	       "nvmet_ctrl_free",
	       "lockdep: a lock site in flush_workqueue's "
	       "annotation is infrastructure");
	// KASAN with the access inside memcpy.
	is_str(guilty_of(CRASH_KASAN, "memcpy",
			 "dump_stack_lvl print_address_description print_report "
			 "kasan_report kasan_check_range __asan_memcpy "
			 "hci_cmd_complete_evt hci_event_packet hci_rx_work "
			 "process_one_work worker_thread kthread ret_from_fork",
			 NULL),
	       "hci_cmd_complete_evt", "KASAN in memcpy: memcpy's caller");
	is_str(guilty_of(CRASH_KASAN, "ext4_xattr_inode_get",
			 "dump_stack_lvl print_report kasan_report "
			 "ext4_xattr_inode_get ext4_xattr_get",
			 NULL),
	       "ext4_xattr_inode_get", "KASAN: the header's access site");
	// Hung task in wait_for_completion.
	is_str(guilty_of(CRASH_HUNG_TASK, NULL,
			 "__schedule schedule schedule_timeout "
			 "wait_for_completion_timeout __flush_work flush_work "
			 "mlx5_cmd_flush mlx5_unload_one",
			 NULL),
	       "mlx5_cmd_flush", "hung task: below the wait primitives");
	// refcount_t: the caller of refcount_warn_saturate.
	is_str(guilty_of(CRASH_REFCOUNT, "refcount_warn_saturate",
			 "__refcount_sub_and_test __refcount_dec_and_test "
			 "refcount_dec_and_test ax25_release __sock_release "
			 "sock_close __fput",
			 NULL),
	       "ax25_release", "refcount: refcount_warn_saturate's caller");
	is_str(guilty_of(CRASH_WARNING, "refcount_warn_saturate",
			 "refcount_dec kref_put ax25_release", NULL),
	       "ax25_release", "refcount WARNING before kinds are detected");
	// List corruption: the caller of __list_del_entry_valid.
	is_str(guilty_of(CRASH_LIST_CORRUPTION,
			 "__list_del_entry_valid_or_report",
			 "__list_del_entry_valid __list_del_entry list_del_init "
			 "nfc_llcp_unregister_device nfc_unregister_device",
			 NULL),
	       "nfc_llcp_unregister_device",
	       "list corruption: the list op's caller");
	// Sleeping in atomic context: the caller of the sleeping primitive.
	is_str(guilty_of(CRASH_SLEEP_INVALID, NULL,
			 "dump_stack_lvl __might_resched __mutex_lock "
			 "mutex_lock_nested of_alias_get_id "
			 "pcibios_alloc_controller pmac_pci_init",
			 NULL),
	       "of_alias_get_id", "sleep in atomic: the mutex_lock caller");
	is_str(guilty_of(CRASH_SLEEP_INVALID, NULL,
			 "dump_stack_lvl __might_resched kmem_cache_alloc "
			 "update_qgroup_limit_item btrfs_qgroup_inherit",
			 NULL),
	       "update_qgroup_limit_item",
	       "sleep in atomic: the allocation's caller");
	// WARN/BUG: the header's function, unless infrastructure.
	is_str(guilty_of(CRASH_WARNING, "dax_disassociate_entry",
			 "__dax_invalidate_entry dax_delete_mapping_entry "
			 "truncate_inode_pages_range",
			 NULL),
	       "dax_disassociate_entry", "WARN: the function of the header");
	is_str(guilty_of(CRASH_WARNING, "__flush_work",
			 "__flush_work __cancel_work_timer "
			 "cancel_delayed_work_sync gpio_keys_quiesce_key "
			 "devm_action_release release_nodes",
			 NULL),
	       "gpio_keys_quiesce_key", "WARN in __flush_work: its caller");
	// NULL dereference with RIP in a string routine.
	is_str(guilty_of(
		       CRASH_NULL_DEREF, "memcpy_erms",
		       "? show_regs ? __die nfsd4_encode_readv nfsd4_encode_read",
		       NULL),
	       "nfsd4_encode_readv", "RIP in memcpy_erms: memcpy's caller");
	is_str(guilty_of(CRASH_GPF, "device_del",
			 "sdca_dev_unregister_functions release_nodes "
			 "devres_release_all device_unbind_cleanup",
			 NULL),
	       "sdca_dev_unregister_functions",
	       "RIP in device_del: the driver that passed the device");
	// kmemleak: the first non-allocator frame of the allocation.
	is_str(guilty_of(CRASH_KMEMLEAK, NULL,
			 "kmalloc_trace kmalloc kzalloc ufx_alloc_urb_list "
			 "ufx_usb_probe usb_probe_interface really_probe",
			 NULL),
	       "ufx_alloc_urb_list", "kmemleak: the allocation's caller");
	// Everything is infrastructure or a guess: still a name.
	is_str(guilty_of(CRASH_RCU_STALL, NULL,
			 "?napi_threaded_poll_loop ?__pfx_napi_threaded_poll "
			 "?napi_threaded_poll ?kthread ?ret_from_fork",
			 NULL),
	       "napi_threaded_poll_loop", "only unreliable frames: the first");
	is_str(guilty_of(CRASH_HUNG_TASK, NULL,
			 "__schedule schedule worker_thread kthread", NULL),
	       "__schedule", "an idle kthread: the first frame, not none");
	is_str(guilty_of(CRASH_WARNING, NULL, "dump_stack __warn", NULL), "",
	       "only reporting frames: no guilty frame");
	// A RIP printed with a hung task is where it was switched out.
	is_str(guilty_of(CRASH_HUNG_TASK, "native_safe_halt",
			 "__schedule schedule rwsem_down_write_slowpath "
			 "down_write ext4_evict_inode",
			 NULL),
	       "ext4_evict_inode", "hung task: the RIP is ignored");
}

int main(void)
{
	test_table_sorted();
	test_pagecache_never_skipped();
	test_kind_rules();
	return tap_done();
}
