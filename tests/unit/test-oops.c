// SPDX-License-Identifier: GPL-2.0-or-later
// Unit tests of the oops parser.  Snippets are real lines from public
// reports (syzbot, LKML, Launchpad, the Lustre bugzilla; see the seeds and
// corpus/oops/SOURCES.tsv), cut down to what each test needs.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/oops.h"
#include "tap.h"

enum { MAX_RECS = 8 };

struct parsed {
	struct crash_record rec[MAX_RECS];
	int n;
	bool error;
};

static void parse_buf(const char *buf, size_t len, struct parsed *p)
{
	memset(p, 0, sizeof(*p));
	FILE *in = fmemopen((void *)buf, len, "r");
	struct oops_reader *r = NULL;
	struct pgr_error *err = oops_reader_create(in, "test", NULL, &r);
	while (!err && p->n < MAX_RECS) {
		bool found;
		err = oops_reader_next(r, &p->rec[p->n], &found);
		if (err || !found)
			break;
		p->n++;
	}
	p->error = err != NULL;
	pgr_error_destroy(err);
	oops_reader_destroy(r);
	fclose(in);
}

static void parse(const char *text, struct parsed *p)
{
	parse_buf(text, strlen(text), p);
}

static void parsed_free(struct parsed *p)
{
	for (int i = 0; i < p->n; i++)
		crash_record_deinit(&p->rec[i]);
}

static const char *fn(const struct crash_record *rec, size_t i)
{
	return i < rec->frames.size ? rec->frames.data[i].function : NULL;
}

static void test_x86_bug_syzbot(void)
{
	struct parsed p;
	parse("[  469.1] ------------[ cut here ]------------\n"
	      "[  469.1] kernel BUG at mm/filemap.c:2041!\n"
	      "[  469.1] invalid opcode: 0000 [#1] PREEMPT SMP KASAN\n"
	      "[  469.1] CPU: 1 PID: 24786 Comm: syz-executor626 Not tainted 5.14.0-rc4-syzkaller #0\n"
	      "[  469.1] Hardware name: Google Google Compute Engine/Google Compute Engine, BIOS Google 01/01/2011\n"
	      "[  469.1] RIP: 0010:find_lock_entries+0x10d5/0x1110 mm/filemap.c:2041\n"
	      "[  469.1] RSP: 0018:ffffc9000a52f7e0 EFLAGS: 00010246\n"
	      "[  469.1] RAX: c75c992acedb0700 RBX: 0000000000000001 RCX: ffff8880161ab880\n"
	      "[  469.1] CR2: 00007faaa593a000 CR3: 00000000165b1000 CR4: 00000000001506e0\n"
	      "[  469.1] Call Trace:\n"
	      "[  469.1]  shmem_undo_range+0x1ea/0x1a60 mm/shmem.c:910\n"
	      "[  469.1]  shmem_truncate_range mm/shmem.c:1030 [inline]\n"
	      "[  469.1]  shmem_setattr+0x4f0/0x890 mm/shmem.c:1091\n"
	      "[  469.1]  ? do_truncate+0x10/0x20\n"
	      "[  469.1] Modules linked in:\n"
	      "[  469.1] ---[ end trace 4dcd0c81778c7d51 ]---\n"
	      "[  469.2] Kernel panic - not syncing: Fatal exception\n",
	      &p);
	is_int(p.n, 1, "syzbot BUG: one report (panic joins it)");
	struct crash_record *r = &p.rec[0];
	is_int(r->kind, CRASH_BUG, "kind bug");
	is_str(r->title, "kernel BUG in find_lock_entries", "title");
	is_str(r->source_file, "mm/filemap.c", "BUG file");
	is_int(r->source_line.value, 2041, "BUG line");
	is_str(r->fault.function, "find_lock_entries", "RIP function");
	is_int(r->fault.offset.value, 0x10d5, "RIP offset");
	is_str(r->kernel_version, "5.14.0-rc4-syzkaller", "version");
	is_str(r->taint, "", "not tainted");
	is_str(r->comm, "syz-executor626", "comm");
	is_int(r->pid.value, 24786, "pid");
	is_int(r->cpu.value, 1, "cpu");
	is_str(r->arch, "x86_64", "arch");
	is_str(r->panic_message, "Fatal exception", "panic message");
	is_int(r->frames.size, 4, "frames incl. inline");
	is_str(fn(r, 1), "shmem_truncate_range", "inline frame");
	ok(r->frames.size == 4 && !r->frames.data[3].reliable, "? unreliable");
	ok(!r->fault_address.known, "CR2 is not a BUG's fault address");
	ok(r->regs.size >= 7, "registers");
	is_int(r->first_line, 1, "first line is cut here");
	parsed_free(&p);
}

static void test_x86_old_null(void)
{
	struct parsed p;
	parse("BUG: unable to handle kernel NULL pointer dereference at 0000000000000010\n"
	      "IP: [<ffffffff812a1903>] __fscache_uncache_page+0x23/0x160\n"
	      "Oops: 0000 [#1] SMP\n"
	      "Modules linked in: nfsv3 nfs fscache lockd(O) sunrpc\n"
	      " ipv6 [last unloaded: foo]\n"
	      "CPU: 7 PID: 18993 Comm: php Tainted: G    B   O      3.11.1 #1\n"
	      "RIP: 0010:[<ffffffff812a1903>] __fscache_uncache_page+0x23/0x160\n"
	      "Call Trace:\n"
	      " <IRQ>  [<ffffffff81365a72>] __nfs_fscache_invalidate_page+0x42/0x70 [nfs]\n"
	      " <EOI>  [<ffffffff811b8f5e>] truncate_inode_page+0x8e/0x90\n"
	      "[<ffffffff811b90ad>] truncate_inode_pages_range.part.12+0x14d/0x620\n"
	      "[<ffffffff81d6387d>] ? __mutex_lock_slowpath+0x1fd/0x2e0\n"
	      "---[ end trace 1234 ]---\n",
	      &p);
	struct crash_record *r = &p.rec[0];
	is_int(p.n, 1, "old x86: one report");
	is_int(r->kind, CRASH_NULL_DEREF, "null deref");
	is_int(r->fault_address.value, 0x10, "fault address");
	is_str(r->taint, "BO", "taint letters");
	is_int(r->modules.size, 6, "modules, wrapped line");
	is_str(r->modules.size > 3 ? r->modules.data[3] : NULL, "lockd",
	       "module flags stripped");
	is_int(r->frames.size, 4, "old-style frames");
	ok(r->frames.size == 4 && r->frames.data[0].context == FRAME_IRQ &&
		   r->frames.data[1].context == FRAME_TASK,
	   "<IRQ>/<EOI> context");
	is_str(r->frames.data[0].module, "nfs", "frame module");
	is_int(r->frames.data[0].address.value, 0xffffffff81365a72,
	       "frame address");
	is_str(r->frames.data[2].normalized, "truncate_inode_pages_range",
	       "normalised name");
	ok(!r->frames.data[3].reliable, "old-style ? frame");
	parsed_free(&p);
}

static void test_arm64(void)
{
	struct parsed p;
	parse("[ 1.0] Unable to handle kernel NULL pointer dereference at virtual address 0000000000000008\n"
	      "[ 1.0] Mem abort info:\n"
	      "[ 1.0] Internal error: Oops: 96000005 [#1] PREEMPT SMP\n"
	      "[ 1.0] Modules linked in: xfs\n"
	      "[ 1.0] CPU: 0 PID: 3949199 Comm: umount Tainted: G        W          6.9.0-rc1-djwa #rc1\n"
	      "[ 1.0] pc : find_lock_entries+0x2f8/0x3a8\n"
	      "[ 1.0] lr : find_lock_entries+0x2e8/0x3a8\n"
	      "[ 1.0] sp : ffff80008a6efa10\n"
	      "[ 1.0] x29: ffff80008a6efa10 x28: ffff0000c1f4a280 x27: 0000000000000000\n"
	      "[ 1.0] Call trace:\n"
	      "[ 1.0]  find_lock_entries+0x2f8/0x3a8\n"
	      "[ 1.0]  truncate_inode_pages_range+0xb8/0x438 [xfs]\n"
	      "[ 1.0] Code: d4210000 b0006161 910d4021 94013b45 (d4210000)\n"
	      "[ 1.0] ---[ end trace 0000000000000000 ]---\n",
	      &p);
	struct crash_record *r = &p.rec[0];
	is_int(p.n, 1, "arm64: one report (Internal error continues it)");
	is_int(r->kind, CRASH_NULL_DEREF, "arm64 null deref");
	is_int(r->fault_address.value, 8, "virtual address");
	is_str(r->arch, "arm64", "arm64 arch");
	is_str(r->fault.function, "find_lock_entries", "pc");
	is_str(r->taint, "W", "taint W");
	is_int(r->frames.size, 2, "arm64 frames");
	is_str(r->frames.size == 2 ? r->frames.data[1].module : NULL, "xfs",
	       "arm64 module");
	ok(r->regs.size >= 4, "arm64 registers");
	parsed_free(&p);
}

static void test_ppc_s390_i386(void)
{
	struct parsed p;
	parse("BUG: Kernel NULL pointer dereference on read at 0x00000000\n"
	      "Faulting instruction address: 0xc000000000123456\n"
	      "Oops: Kernel access of bad area, sig: 11 [#1]\n"
	      "NIP:  c000000000123456 LR: c000000000123400 CTR: 0000000000000000\n"
	      "GPR00: c000000000123400 c00000000fe2f980 c000000001a2b300 0000000000000000\n"
	      "NIP [c000000000123456] truncate_inode_page+0x64/0xa0\n"
	      "LR [c000000000123400] truncate_inode_pages_range+0x100/0x600\n"
	      "Call Trace:\n"
	      "[c00000000fe2fa80] [c0000000004ca5b4] truncate_inode_pages_range+0x100/0x600 (unreliable)\n"
	      "[c00000000fe2fb00] [c0000000004ca600] program_check_exception+0x10/0x20\n"
	      "--- interrupt: 700 at truncate_inode_page+0x64/0xa0\n"
	      "[c00000000fe2fc00] [c0000000004cb000] evict+0x1/0x2\n"
	      "---[ end trace 1 ]---\n"
	      "\n"
	      "Unable to handle kernel pointer dereference in virtual kernel address space\n"
	      "Failing address: 0000000000000000 TEID: 0000000000000483\n"
	      "Krnl PSW : 0704c00180000000 000000000012345a (kvm_s390_gisa_destroy+0x12/0x40 [kvm])\n"
	      "Call Trace:\n"
	      " [<000000000012345a>] kvm_s390_gisa_destroy+0x12/0x40 [kvm]\n"
	      "([<0000000000123400>] kvm_arch_destroy_vm+0x22/0x80 [kvm])\n"
	      "---[ end trace 2 ]---\n"
	      "BUG: unable to handle kernel NULL pointer dereference at 00000200\n"
	      "EIP: mpage_readpages+0x3c/0x120\n"
	      "EAX: 00000000 EBX: f6b4f000 ECX: 00000000 EDX: 00000000\n"
	      "Call Trace:\n"
	      " ext2_readpages+0x1a/0x20\n",
	      &p);
	is_int(p.n, 3, "ppc + s390 + i386: three reports");
	struct crash_record *r = &p.rec[0];
	is_int(r->kind, CRASH_NULL_DEREF, "ppc null deref");
	is_str(r->arch, "ppc64", "ppc arch");
	is_str(r->fault.function, "truncate_inode_page", "NIP fault");
	is_int(r->frames.size, 4, "ppc frames incl. interrupt site");
	ok(r->frames.size == 4 && !r->frames.data[0].reliable &&
		   r->frames.data[0].address.value == 0xc0000000004ca5b4,
	   "ppc (unreliable) and second bracket is the address");
	ok(r->frames.size == 4 &&
		   r->frames.data[1].context == FRAME_EXCEPTION &&
		   r->frames.data[3].context == FRAME_TASK,
	   "--- interrupt: marks exception frames");
	r = &p.rec[1];
	is_str(r->arch, "s390", "s390 arch");
	is_str(r->fault.function, "kvm_s390_gisa_destroy", "Krnl PSW fault");
	is_int(r->frames.size, 2, "s390 frames incl. parenthesised");
	r = &p.rec[2];
	is_str(r->arch, "i386", "i386 arch");
	is_int(r->fault_address.value, 0x200, "i386 address");
	is_str(r->fault.function, "mpage_readpages", "EIP");
	parsed_free(&p);
}

static void test_warning_prefixes(void)
{
	struct parsed p;
	// syslog, journalctl ISO, dmesg -x, <4> and caller ids, one report.
	parse("Nov 24 12:00:01 host kernel: [   12.3][ T1271] ------------[ cut here ]------------\n"
	      "2023-11-24T12:00:01.123456+01:00 host kernel: [T1271] debugfs file owner did not clean up at exit: node_table\n"
	      "kern  :warn  : [T1271] WARNING: CPU: 3 PID: 1271 at fs/debugfs/file.c:309 full_proxy_open+0x10f/0x650\n"
	      "<4>[   12.4][ T999] unrelated line from another task\n"
	      "<4>[   12.4][T1271] CPU: 3 PID: 1271 Comm: cat Tainted: G        W         5.5.0-rc1+ #1\n"
	      "<4>[   12.4][  T55] Call Trace:\n"
	      "<4>[   12.4][  T55]  other_task_function+0x1/0x2\n"
	      "<4>[   12.4][T1271] Call Trace:\n"
	      "<4>[   12.4][T1271]  do_dentry_open+0x13a/0x380\n"
	      "<4>[   12.4][T1271]  path_openat+0x26b/0xf50\n"
	      "<4>[   12.5][T1271] ---[ end trace 2fd3d56b1e3b3a3c ]---\n",
	      &p);
	struct crash_record *r = &p.rec[0];
	is_int(p.n, 1, "prefixed warning: one report");
	is_int(r->kind, CRASH_WARNING, "warning kind");
	is_str(r->message, "debugfs file owner did not clean up at exit: node_table",
	       "WARN message from after cut here");
	is_str(r->source_file, "fs/debugfs/file.c", "WARNING file");
	is_int(r->source_line.value, 309, "WARNING line");
	is_str(r->fault.function, "full_proxy_open", "WARNING function");
	is_str(r->title, "WARNING in full_proxy_open", "warning title");
	is_int(r->frames.size, 2, "interleaved task's frames dropped");
	is_str(fn(r, 0), "do_dentry_open", "own frames kept");
	ok(r->text && !strstr(r->text, "unrelated"), "foreign line not in text");
	parsed_free(&p);
}

static void test_kasan_ubsan(void)
{
	struct parsed p;
	parse("==================================================================\n"
	      "BUG: KASAN: use-after-free in filemap_fault+0x2818/0x2a70 mm/filemap.c:2559\n"
	      "Read of size 8 at addr ffff8881b15026b0 by task syz-executor997/8196\n"
	      "\n"
	      "CPU: 0 PID: 8196 Comm: syz-executor997 Not tainted 4.20.0-rc7-next-20181224 #188\n"
	      "Call Trace:\n"
	      " __dump_stack lib/dump_stack.c:77 [inline]\n"
	      " dump_stack+0x1db/0x2d0 lib/dump_stack.c:113\n"
	      " filemap_fault+0x2818/0x2a70 mm/filemap.c:2559\n"
	      "\n"
	      "Allocated by task 8196:\n"
	      " kmem_cache_alloc+0x12e/0x710 mm/slab.c:3554\n"
	      "\n"
	      "Freed by task 8197:\n"
	      " kmem_cache_free+0x83/0x290 mm/slab.c:3760\n"
	      "The buggy address belongs to the object at ffff8881b1502640\n"
	      "Memory state around the buggy address:\n"
	      " ffff8881b1502580: fb fb fb fb fb fb fb fb fb fb fb fb fb fb fb fb\n"
	      "==================================================================\n"
	      "================================================================================\n"
	      "UBSAN: array-index-out-of-bounds in ./include/linux/pagevec.h:74:2\n"
	      "index 255 is out of range for type 'struct folio *[15]'\n"
	      "CPU: 1 PID: 12841 Comm: syz-executor402 Not tainted 6.5.0-rc7-syzkaller #0\n"
	      "Call trace:\n"
	      " dump_backtrace+0x1b8/0x1e4\n"
	      " __ubsan_handle_out_of_bounds+0xfc/0x148\n"
	      " find_lock_entries+0x9f0/0xb00\n"
	      "================================================================================\n",
	      &p);
	is_int(p.n, 2, "KASAN + UBSAN: two reports");
	struct crash_record *r = &p.rec[0];
	is_int(r->kind, CRASH_KASAN, "kasan kind");
	is_str(r->message,
	       "Read of size 8 at addr ffff8881b15026b0 by task syz-executor997/8196",
	       "KASAN access line");
	is_int(r->fault_address.value, 0xffff8881b15026b0, "KASAN address");
	is_str(r->title, "KASAN in filemap_fault", "KASAN title");
	is_int(r->frames.size, 3, "alloc/free stacks not in the trace");
	is_int(r->first_line, 1, "KASAN starts at its ==== line");
	r = &p.rec[1];
	is_int(r->kind, CRASH_UBSAN, "ubsan kind");
	is_str(r->source_file, "include/linux/pagevec.h", "UBSAN file");
	is_int(r->source_line.value, 74, "UBSAN line");
	is_str(r->message, "index 255 is out of range for type 'struct folio *[15]'",
	       "UBSAN message");
	is_str(r->title, "UBSAN in find_lock_entries", "UBSAN title");
	parsed_free(&p);
}

static void test_lockups_hung(void)
{
	struct parsed p;
	parse("watchdog: BUG: soft lockup - CPU#28 stuck for 22s! [kworker/28:1:1760]\n"
	      "RIP: 0010:smp_call_function_many_cond+0x10f/0x4d0\n"
	      "Call Trace:\n"
	      " on_each_cpu_cond_mask+0x24/0x40\n"
	      "NMI watchdog: Watchdog detected hard LOCKUP on cpu 3\n"
	      "RIP: 0010:native_queued_spin_lock_slowpath+0x5f/0x1a0\n"
	      "rcu: INFO: rcu_sched self-detected stall on CPU\n"
	      "Call Trace:\n"
	      " end_page_writeback+0x4c/0xe0\n"
	      "INFO: task jbd2/sda2-8:349 blocked for more than 120 seconds.\n"
	      "      Not tainted 2.6.39-rc3 #1\n"
	      "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.\n"
	      "task:jbd2/sda2-8     state:D stack:0     pid:349   ppid:2      flags:0x00004000\n"
	      "Call Trace:\n"
	      " io_schedule+0x5/0x10\n"
	      " jbd2_journal_commit_transaction+0x1/0x2\n"
	      "Showing all locks held in the system:\n"
	      "task:kworker/0:1     state:D stack:0     pid:123   ppid:2      flags:0x00004000\n"
	      "Call Trace:\n"
	      " schedule+0x1/0x2\n",
	      &p);
	is_int(p.n, 4, "soft, hard lockup, rcu stall, hung task");
	is_int(p.rec[0].kind, CRASH_SOFT_LOCKUP, "soft lockup");
	is_str(p.rec[0].comm, "kworker/28:1", "soft lockup comm");
	is_int(p.rec[0].pid.value, 1760, "soft lockup pid");
	is_int(p.rec[0].cpu.value, 28, "soft lockup cpu");
	is_int(p.rec[1].kind, CRASH_HARD_LOCKUP, "hard lockup");
	is_int(p.rec[1].cpu.value, 3, "hard lockup cpu");
	is_int(p.rec[2].kind, CRASH_RCU_STALL, "rcu stall");
	struct crash_record *r = &p.rec[3];
	is_int(r->kind, CRASH_HUNG_TASK, "hung task");
	is_str(r->comm, "jbd2/sda2-8", "hung comm");
	is_str(r->kernel_version, "2.6.39-rc3", "indented Not tainted");
	is_int(r->frames.size, 2, "blocked task's stack is the trace");
	is_int(r->tasks.size, 1, "other task recorded");
	ok(r->tasks.size == 1 && r->tasks.data[0].state == 'D' &&
		   r->tasks.data[0].pid.value == 123 &&
		   r->tasks.data[0].frames.size == 1,
	   "sysrq task fields");
	parsed_free(&p);
}

static const char seed000[] =
	"- handling pagefaults of lustre pages looking like:\n"
	"0xffff8acffbd72600 839153 838417 1 343 R 0xffff8acffbd72c90 *magic.exe\n"
	"[<ffffffffa0a9dfda>] ll_readahead+0x4a/0x1d20 [lustre]\n"
	"[<ffffffffa0aa0ebb>] ll_readpage+0x120b/0x1760 [lustre]\n"
	"[<ffffffff810b5cf1>] filemap_fault+0x241/0x3d0\n"
	"- processes which are entered lustre shrink code:\n"
	"0xffff881072408680 7239 2 0 965 D 0xffff881072408d10 kswapd56\n"
	"[<ffffffff81399094>] thread_return+0x0/0x34c\n"
	"[<ffffffffa0aa2072>] llap_shrink_cache+0x5a2/0xa40\n"
	" [lustre]\n"
	"which shows that the race described above is possible.\n";

static void test_seed000_kdb(void)
{
	struct parsed p;
	parse(seed000, &p);
	is_int(p.n, 1, "seed 000: one record");
	struct crash_record *r = &p.rec[0];
	is_int(r->kind, CRASH_UNKNOWN, "task dumps only: the kind is unknown");
	is_int(r->tasks.size, 2, "two kdb tasks");
	ok(r->tasks.size == 2 && r->tasks.data[0].crashed &&
		   !r->tasks.data[1].crashed,
	   "* marks the crashed task");
	is_str(r->tasks.size == 2 ? r->tasks.data[1].comm : NULL, "kswapd56",
	       "kdb comm");
	ok(r->tasks.size == 2 && r->tasks.data[1].state == 'D' &&
		   r->tasks.data[1].pid.value == 7239 &&
		   r->tasks.data[1].cpu.value == 965,
	   "kdb state/pid/cpu");
	is_int(r->frames.size, 3, "crashed task's frames are the trace");
	is_str(r->title, "kernel crash in ll_readahead", "seed 000 title");
	is_str(r->tasks.size == 2 && r->tasks.data[1].frames.size == 2 ?
		       r->tasks.data[1].frames.data[1].module :
		       NULL,
	       "lustre", "mail-wrapped [module]");
	parsed_free(&p);
}

static void test_seed001_scrambled(void)
{
	struct parsed p;
	parse("> > The following log will be print after enable CONFIG_DEBUG_VM:\n"
	      "> >\n"
	      "> > [22216.789904] do_idle+0xb4/0x104\n"
	      "> > [22216.790778] Call trace:\n"
	      "> > [22216.791300] Code: d4210000 b0006161 910d4021 94013b45 (d4210000)\n"
	      "> > [22216.791662] dump_backtrace+0x0/0x1ec\n"
	      "> > [22216.791664] show_stack+0x24/0x30\n"
	      "> > [22216.791956] ---[ end trace dc769a61c1af087b ]---\n"
	      "> > [22216.792295] dump_stack+0xd0/0x128\n"
	      "> > [22216.792299] bad_page+0xe4/0x110\n"
	      "> > [22216.792579] Kernel panic - not syncing: Oops - BUG: Fatal exception\n"
	      "> > in interrupt\n"
	      "> > [22216.792937] check_free_page_bad+0x84/0x90\n"
	      "> > [22216.793253] SMP: stopping secondary CPUs\n"
	      "> > [22216.805931] collapse_file+0xdc8/0x12f0\n"
	      "> > [22216.808342] kthread+0x11c/0x120\n"
	      "> > [22216.808735] Kernel Offset: disabled\n"
	      "> >\n"
	      "> > So I think the race also exists between collapse_file and\n"
	      "> > truncate_pagecache.\n"
	      ">\n"
	      "> I do have CONFIG_DEBUG_VM, but I haven't hit this issue yet.\n",
	      &p);
	is_int(p.n, 1, "seed 001: one record");
	struct crash_record *r = &p.rec[0];
	is_int(r->frames.size, 7, "frames in order after Call trace:");
	is_str(fn(r, 0), "dump_backtrace", "first frame");
	is_str(fn(r, 6), "kthread", "last frame");
	is_str(r->panic_message, "Oops - BUG: Fatal exception in interrupt",
	       "wrapped panic line joined");
	is_int(r->kind, CRASH_BAD_PAGE, "bad_page in trace: bad page");
	is_str(r->title, "BUG: Bad page state in collapse_file", "seed 001 title");
	is_str(r->arch, "arm64", "Call trace: is arm64");
	parsed_free(&p);
}

static void test_dump_page(void)
{
	struct parsed p;
	parse("page:ffffea0004730040 refcount:514 mapcount:1 mapping:ffff88800d7d13e8\n"
	      "index:0x1 pfn:0x11cc01\n"
	      "head:ffffea0004730000 order:9 compound_mapcount:1 compound_pincount:0\n"
	      "aops:shmem_aops ino:4d2 dentry name:\"foo bar\"\n"
	      "flags: 0x57ff0000001001f(locked|referenced|uptodate|dirty|lru|head|node=1|zone=2)\n"
	      "raw: 057ff00000000000 ffffea0004730001 0000000000000903 dead000000000200\n"
	      "head: 057ff0000001001f ffffea00044edec8 ffffea00044c2708 ffff88800d7d13e8\n"
	      "page dumped because: VM_BUG_ON_PAGE(PageTail(page))\n"
	      "------------[ cut here ]------------\n"
	      "kernel BUG at mm/truncate.c:213!\n"
	      "RIP: 0010:truncate_inode_page+0x5a/0x70 mm/truncate.c:213\n"
	      "---[ end trace 1 ]---\n"
	      "BUG: Bad page state in process a.out  pfn:7fe84\n"
	      "page:f63884a0 count:0 mapcount:0 mapping:          (null) index:0x1 compound_mapcount: 0\n"
	      "anon flags: 0x7e000000()\n"
	      "page dumped because: nonzero mapcount\n",
	      &p);
	is_int(p.n, 2, "page dump before BUG joins it; bad page separate");
	struct crash_record *r = &p.rec[0];
	is_int(r->kind, CRASH_BUG, "BUG after page dump");
	is_int(r->pages.size, 1, "one page");
	struct page_dump *pg = r->pages.size ? &r->pages.data[0] : NULL;
	ok(pg && pg->address.value == 0xffffea0004730040 &&
		   pg->refcount.value == 514 && pg->mapcount.value == 1 &&
		   pg->mapping.value == 0xffff88800d7d13e8,
	   "page line fields");
	ok(pg && pg->index.known && pg->index.value == 1 &&
		   pg->pfn.value == 0x11cc01,
	   "wrapped index/pfn");
	ok(pg && pg->head.value == 0xffffea0004730000 && pg->order.value == 9 &&
		   pg->compound_mapcount.value == 1,
	   "head line");
	ok(pg && pg->is_tail == TRI_TRUE && pg->is_compound == TRI_TRUE,
	   "tail and compound");
	ok(pg && pg->flags.value == 0x57ff0000001001f &&
		   pg->flag_names.size == 6,
	   "flags and names without node=/zone=");
	is_str(pg && pg->flag_names.size ? pg->flag_names.data[0] : NULL,
	       "locked", "first flag name");
	is_int(pg ? pg->raw.size : 0, 4, "raw words");
	is_str(pg ? pg->aops : NULL, "shmem_aops", "aops");
	is_int(pg ? pg->ino.value : 0, 0x4d2, "ino (hex)");
	is_str(pg ? pg->dentry : NULL, "foo bar", "dentry name");
	is_str(pg ? pg->reason : NULL, "VM_BUG_ON_PAGE(PageTail(page))",
	       "reason");
	r = &p.rec[1];
	pg = r->pages.size ? &r->pages.data[0] : NULL;
	is_int(r->kind, CRASH_BAD_PAGE, "bad page state");
	is_str(r->comm, NULL, "no CPU line, no comm");
	ok(pg && pg->mapping.known && pg->mapping.value == 0 &&
		   pg->refcount.value == 0 && pg->compound_mapcount.known &&
		   pg->is_compound == TRI_TRUE && pg->is_tail == TRI_UNKNOWN,
	   "old format: (null) mapping, compound_mapcount: N");
	parsed_free(&p);
}

static void test_panic_alone_and_gpf(void)
{
	struct parsed p;
	parse("some noise\n"
	      "Kernel panic - not syncing: VFS: Unable to mount root fs\n"
	      "CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.1.0 #1\n"
	      "Call Trace:\n"
	      " <TASK>\n"
	      " mount_block_root+0x1/0x2\n"
	      " </TASK>\n"
	      "---[ end Kernel panic - not syncing: VFS: Unable to mount root fs ]---\n"
	      "general protection fault, probably for non-canonical address 0xdffffc0000000001: 0000 [#1] PREEMPT SMP KASAN\n"
	      "KASAN: null-ptr-deref in range [0x0000000000000008-0x000000000000000f]\n"
	      "RIP: 0010:__isolate_lru_page+0x1/0x2\n",
	      &p);
	is_int(p.n, 2, "panic + gpf");
	is_int(p.rec[0].kind, CRASH_PANIC, "standalone panic");
	is_str(p.rec[0].message, "VFS: Unable to mount root fs", "panic text");
	is_int(p.rec[0].frames.size, 1, "panic trace");
	is_int(p.rec[1].kind, CRASH_GPF, "gpf");
	is_int(p.rec[1].fault_address.value, 0xdffffc0000000001, "gpf address");
	is_str(p.rec[1].message,
	       "KASAN: null-ptr-deref in range [0x0000000000000008-0x000000000000000f]",
	       "gpf KASAN line");
	parsed_free(&p);
}

// Lines of the project's own vmcore corpus (Debian 6.1 with a crash
// kernel loaded, corpus/vmcore): "Kdump: loaded" sits between the comm
// and the taint.
static void test_kdump_loaded(void)
{
	struct parsed p;
	parse("[    9.915515] BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
	      "[    9.915997] #PF: supervisor read access in kernel mode\n"
	      "[    9.916181] #PF: error_code(0x0000) - not-present page\n"
	      "[    9.916437] PGD 0 P4D 0 \n"
	      "[    9.916743] Oops: 0000 [#1] PREEMPT SMP NOPTI\n"
	      "[    9.917083] CPU: 1 PID: 101 Comm: magic.exe Kdump: loaded Tainted: G           OE      6.1.0-56-cloud-amd64 #1  Debian 6.1.192-2\n"
	      "[    9.917709] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	      "[    9.918161] RIP: 0010:ll_readahead+0x5/0x30 [pagerace_repro]\n",
	      &p);
	is_int(p.n, 1, "Kdump: loaded: one record");
	is_str(p.rec[0].comm, "magic.exe", "Kdump: loaded is not part of the comm");
	is_str(p.rec[0].taint, "OE", "Kdump: loaded: taint");
	is_str(p.rec[0].kernel_version, "6.1.0-56-cloud-amd64",
	       "Kdump: loaded: version");
	parsed_free(&p);
}

static void test_bad_input(void)
{
	struct parsed p;
	parse("", &p);
	ok(p.n == 0 && !p.error, "empty input: no report, no error");
	parse("just some text\nnothing to see\n", &p);
	ok(p.n == 0 && !p.error, "prose: no report");

	static const char bin[] = "\0\x01\xff\xfe BUG: \0\0 junk\n\x1b[31m\0\n"
				  "kernel BUG at mm/x.c:1!\0trailing\n";
	parse_buf(bin, sizeof(bin) - 1, &p);
	ok(!p.error, "binary bytes: no error");
	is_int(p.n >= 1 ? (int)p.rec[p.n - 1].kind : -1, CRASH_BUG,
	       "header after junk still found");
	parsed_free(&p);

	size_t big = 3 * 64 * 1024 + 100;
	char *buf = malloc(big + 200);
	strcpy(buf, "kernel BUG at mm/truncate.c:213!\n");
	size_t n = strlen(buf);
	memset(buf + n, 'A', big);
	n += big;
	n += sprintf(buf + n, "\nCall Trace:\n truncate_inode_page+0x1/0x2\n");
	parse_buf(buf, n, &p);
	ok(p.n == 1 && !p.error, "huge line: parsed, no error");
	ok(p.n == 1 && p.rec[0].text && strlen(p.rec[0].text) < 70 * 1024 &&
		   p.rec[0].frames.size == 1,
	   "huge line truncated, report continues");
	parsed_free(&p);
	free(buf);
}

static void test_many_reports_bounded(void)
{
	// Reports separated by noise; the reader keeps one at a time.
	enum { N = 200 };
	size_t cap = N * 200;
	char *buf = malloc(cap);
	size_t n = 0;
	for (int i = 0; i < N; i++)
		n += snprintf(buf + n, cap - n,
			      "noise %d\nkernel BUG at mm/f.c:%d!\nCall Trace:\n"
			      " f%d+0x1/0x2\n---[ end trace ]---\n",
			      i, i, i);
	FILE *in = fmemopen(buf, n, "r");
	struct oops_reader *r = NULL;
	int count = 0, good = 0;
	if (!oops_reader_create(in, "many", NULL, &r)) {
		for (;;) {
			struct crash_record rec;
			bool found;
			if (oops_reader_next(r, &rec, &found) || !found)
				break;
			good += rec.source_line.value == (uint64_t)count &&
				rec.frames.size == 1;
			count++;
			crash_record_deinit(&rec);
		}
		is_int(oops_reader_line(r), 5 * N, "lines counted");
		oops_reader_destroy(r);
	}
	fclose(in);
	free(buf);
	is_int(count, N, "many reports split");
	is_int(good, N, "each report its own fields");
}

static void test_shared_patterns(void)
{
	// Readers sharing one compiled set match like readers with their
	// own, also one after another and interleaved.
	static const char text[] =
		"WARNING: CPU: 1 PID: 42 at mm/f.c:7 f+0x1/0x2 [m]\n"
		"CPU: 1 PID: 42 Comm: a Not tainted 6.1.0 #1\n"
		"Call Trace:\n f+0x1/0x2\n---[ end trace ]---\n";
	struct oops_patterns *pat;
	if (oops_patterns_create(&pat)) {
		ok(false, "patterns compile");
		return;
	}
	FILE *in[2];
	struct oops_reader *r[2] = { NULL, NULL };
	for (int i = 0; i < 2; i++) {
		in[i] = fmemopen((void *)text, sizeof(text) - 1, "r");
		if (oops_reader_create(in[i], "shared", pat, &r[i]))
			r[i] = NULL;
	}
	struct crash_record rec[2];
	bool found[2] = { false, false };
	for (int i = 0; i < 2; i++)
		if (!r[i] || oops_reader_next(r[i], &rec[i], &found[i]))
			found[i] = false;
	ok(found[0] && found[1], "shared: both readers find the report");
	for (int i = 0; i < 2 && found[0] && found[1]; i++) {
		is_int(rec[i].pid.value, 42, "shared: pid from RE_CPU");
		is_str(rec[i].kernel_version, "6.1.0",
		       "shared: version from RE_CPU");
		is_str(rec[i].source_file, "mm/f.c",
		       "shared: file from RE_WARNING");
	}
	for (int i = 0; i < 2; i++) {
		if (found[i])
			crash_record_deinit(&rec[i]);
		oops_reader_destroy(r[i]);
		fclose(in[i]);
	}
	oops_patterns_destroy(pat);
	oops_patterns_destroy(NULL);
}

// Kinds, syzbot titles, corrupted and object stacks; lines from the kind-
// files of corpus/oops (kernel CVE records), cut down.
static void test_kinds_titles(void)
{
	struct parsed p;
	parse("BUG: KASAN: slab-use-after-free in fbnic_tx_lso.isra.0+0x668/0x8e0\n"
	      "Read of size 4 at addr ff110000262edd98 by task swapper/5/0\n"
	      "Call Trace:\n"
	      " fbnic_tx_lso.isra.0+0x668/0x8e0\n"
	      " fbnic_xmit_frame+0x622/0xba0\n"
	      "\n"
	      "Allocated by task 8653:\n"
	      " __alloc_skb+0x11e/0x5f0\n"
	      "\n"
	      "Freed by task 0:\n"
	      " kfree+0x123/0x5a0\n"
	      " pskb_expand_head+0x36c/0xfa0\n"
	      "\n"
	      "The buggy address belongs to the object at ff110000262edc40\n",
	      &p);
	ok(p.n == 1, "KASAN: one report");
	if (p.n == 1) {
		const struct crash_record *r = &p.rec[0];
		is_str(r->syz_title,
		       "KASAN: slab-use-after-free Read in fbnic_tx_lso",
		       "KASAN syz_title has the access");
		ok(r->frames.size == 2, "KASAN: object stacks are not the trace");
		ok(r->object_stacks.size == 2 &&
			   strcmp(r->object_stacks.data[0].role, "alloc") == 0 &&
			   r->object_stacks.data[0].pid.value == 8653 &&
			   strcmp(r->object_stacks.data[1].role, "free") == 0 &&
			   r->object_stacks.data[1].frames.size == 2,
		   "KASAN: alloc and free stacks with their tasks");
		ok(r->corrupted == TRI_FALSE, "KASAN: not corrupted");
		ok(r->tasks.size == 0, "KASAN: object stacks are no tasks");
	}
	parsed_free(&p);

	parse("[   31.261225] BUG: KASAN: use-after-free in macb_remove+0x77/0xc6 [macb_pci]\n"
	      "[   31.275563] Freed by task 306:\n"
	      "[   30.276782]  platform_device_release+0x25/0x80\n",
	      &p);
	ok(p.n == 1 && p.rec[0].corrupted == TRI_TRUE,
	   "KASAN cut before its trace is corrupted");
	if (p.n == 1)
		is_str(p.rec[0].syz_title, "KASAN: use-after-free in macb_remove",
		       "no access line, no access word");
	parsed_free(&p);

	parse("  ==================================================================\n"
	      "  BUG: KCSAN: data-race in __flush_work / __flush_work\n"
	      "\n"
	      "  write to 0xffff8881223aa3e8 of 8 bytes by task 3998 on cpu 0:\n"
	      "   __flush_work+0x30b/0x570 kernel/workqueue.c:4178\n"
	      "\n"
	      "  read to 0xffff8881223aa3e8 of 8 bytes by task 50 on cpu 1:\n"
	      "   __flush_work+0x42a/0x570 kernel/workqueue.c:4188\n"
	      "   flush_delayed_work+0x66/0x70 kernel/workqueue.c:4251\n",
	      &p);
	ok(p.n == 1, "KCSAN: one report");
	if (p.n == 1) {
		const struct crash_record *r = &p.rec[0];
		ok(r->kind == CRASH_KCSAN, "KCSAN kind");
		is_str(r->syz_title, "KCSAN: data-race in __flush_work / __flush_work",
		       "KCSAN syz_title from the header");
		ok(r->frames.size == 1 && r->tasks.size == 1 &&
			   r->tasks.data[0].pid.value == 50 &&
			   r->tasks.data[0].frames.size == 2,
		   "KCSAN: the other access is another task");
	}
	parsed_free(&p);

	parse("refcount_t: addition on 0; use-after-free.\n"
	      "WARNING: CPU: 11 PID: 540311 at lib/refcount.c:25 refcount_warn_saturate+0x80/0xe0\n"
	      "RIP: 0010:refcount_warn_saturate+0x80/0xe0\n"
	      "Call Trace:\n"
	      " <TASK>\n"
	      " mlx5_cmd_trigger_completions+0x293/0x340 [mlx5_core]\n"
	      " mlx5_cmd_flush+0x3a/0xf0 [mlx5_core]\n",
	      &p);
	ok(p.n == 1 && p.rec[0].kind == CRASH_REFCOUNT,
	   "refcount_t line makes the WARN a refcount report");
	if (p.n == 1)
		is_str(p.rec[0].syz_title,
		       "WARNING: refcount bug in mlx5_cmd_trigger_completions",
		       "refcount syz_title");
	parsed_free(&p);

	parse("[    2.559022] BUG: Bad rss-counter state mm:000000002267cc9e type:MM_ANONPAGES val:1\n"
	      "[    2.559037] BUG: non-zero pgtables_bytes on freeing mm: -6144\n",
	      &p);
	ok(p.n == 2, "two one-line BUG reports");
	if (p.n == 2) {
		ok(p.rec[0].kind == CRASH_BAD_RSS &&
			   p.rec[0].corrupted == TRI_FALSE,
		   "rss-counter: its own kind, not corrupted without a trace");
		is_str(p.rec[0].syz_title, "BUG: Bad rss-counter state",
		       "rss-counter syz_title has no function");
		is_str(p.rec[1].syz_title,
		       "BUG: non-zero pgtables_bytes on freeing mm",
		       "a BUG of no kind is titled by its header");
	}
	parsed_free(&p);

	parse("BUG: KMSAN: kernel-infoleak in instrument_copy_to_user include/linux/instrumented.h:121 [inline]\n"
	      "BUG: KMSAN: kernel-infoleak in copyout lib/iov_iter.c:156 [inline]\n"
	      "BUG: KMSAN: kernel-infoleak in _copy_to_iter+0x69d/0x25c0 lib/iov_iter.c:670\n"
	      " instrument_copy_to_user include/linux/instrumented.h:121 [inline]\n"
	      " copyout lib/iov_iter.c:156 [inline]\n"
	      " _copy_to_iter+0x69d/0x25c0 lib/iov_iter.c:670\n",
	      &p);
	ok(p.n == 1, "one header line per inlined frame: one report");
	if (p.n == 1) {
		is_str(p.rec[0].fault.function, "_copy_to_iter",
		       "the real header line's function is the fault");
		is_str(p.rec[0].source_file, "lib/iov_iter.c",
		       "and its source");
		ok(p.rec[0].frames.size == 3, "KMSAN stack without Call Trace");
	}
	parsed_free(&p);

	parse("\t================================\n"
	      "\tWARNING: inconsistent lock state\n"
	      "\t6.11.0 #1 Tainted: G        W\n"
	      "\t--------------------------------\n"
	      "\tinconsistent {IN-SOFTIRQ-W} -> {SOFTIRQ-ON-W} usage.\n"
	      "\tbtserver/134819 [HC0[0]:SC0[0]:HE1:SE1] takes:\n"
	      "\tffff8882da30c118 (rlock-AF_PACKET){+.?.}-{2:2}, at: tpacket_rcv+0x863/0x3b30\n"
	      "\t{IN-SOFTIRQ-W} state was registered at:\n"
	      "\t  lock_acquire+0x19a/0x4f0\n"
	      "\t  packet_rcv+0xa33/0x1320\n"
	      "\tCall Trace:\n"
	      "\t <TASK>\n"
	      "\t dump_stack_lvl+0x73/0xa0\n"
	      "\t tpacket_rcv+0x863/0x3b30\n",
	      &p);
	ok(p.n == 1, "tab-indented lockdep: one report");
	if (p.n == 1) {
		const struct crash_record *r = &p.rec[0];
		ok(r->kind == CRASH_LOCKDEP_INCONSISTENT, "lockdep kind");
		is_str(r->syz_title, "inconsistent lock state in tpacket_rcv",
		       "lockdep syz_title names the lock site");
		is_str(r->kernel_version, "6.11.0", "version under the banner");
		is_str(fn(r, 0), "dump_stack_lvl",
		       "the registered-at stack is not the trace");
	}
	parsed_free(&p);
}

static const char *fn_at(const struct crash_record *rec, size_t i)
{
	return fn(rec, i) ? fn(rec, i) : "(none)";
}

// Kernel commit messages (quoted in CVE records, corpus/cve) indent the
// report by 2-4 spaces, drop timestamps and wrap lines at 72 columns.
static void test_indented_wrapped(void)
{
	struct parsed p;
	// CVE-2022-49111 (a "====" rule at one indent, the report at four,
	// the CPU line wrapped before the version).
	parse(" ==================================================================\n"
	      "    BUG: KASAN: use-after-free in hci_send_acl+0xaba/0xc50\n"
	      "    Read of size 8 at addr ffff88800e404818 by task bluetoothd/142\n"
	      "\n"
	      "    CPU: 0 PID: 142 Comm: bluetoothd Not tainted\n"
	      "    5.17.0-rc5-00006-gda4022eeac1a #7\n"
	      "    Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS\n"
	      "    rel-1.14.0-0-g155821a1990b-prebuilt.qemu.org 04/01/2014\n"
	      "    Call Trace:\n"
	      "     <TASK>\n"
	      "     dump_stack_lvl+0x45/0x59\n"
	      "     kasan_report.cold+0x7f/0x11b\n"
	      "     hci_send_acl+0xaba/0xc50\n"
	      "     l2cap_do_send+0x23f/0x3d0\n"
	      "     </TASK>\n",
	      &p);
	is_int(p.n, 1, "indented: one report");
	struct crash_record *r = &p.rec[0];
	is_int(r->kind, CRASH_KASAN, "indented: kind");
	is_str(r->kernel_version, "5.17.0-rc5-00006-gda4022eeac1a",
	       "wrapped CPU line: version from the next line");
	is_str(r->taint, "", "Not tainted: no flags, not unknown");
	is_int(r->frames.size, 4, "indented: frames");
	is_str(fn_at(r, 3), "l2cap_do_send", "indented: last frame");
	parsed_free(&p);

	// CVE-2021-4439: timestamps and caller ids, "in" and "Not tainted"
	// lines wrapped by the author's mailer.
	parse("[   46.866069][ T6479] UBSAN: array-index-out-of-bounds in\n"
	      "drivers/isdn/capi/kcapi.c:483:21\n"
	      "[   46.867196][ T6479] index -1 is out of range for type 'capi_ctr *[32]'\n"
	      "[   46.867982][ T6479] CPU: 1 PID: 6479 Comm: kcmtpd_ctr_0 Not tainted\n"
	      "5.15.0-rc2+ #8\n"
	      "[   46.869002][ T6479] Hardware name: QEMU Standard PC (i440FX + PIIX,\n"
	      "1996), BIOS 1.14.0-2 04/01/2014\n"
	      "[   46.870107][ T6479] Call Trace:\n"
	      "[   46.870473][ T6479]  dump_stack_lvl+0x57/0x7d\n"
	      "[   46.870974][ T6479]  ubsan_epilogue+0x5/0x40\n"
	      "[   46.871458][ T6479]  __ubsan_handle_out_of_bounds.cold+0x43/0x48\n"
	      "[   46.872135][ T6479]  detach_capi_ctr+0x64/0xc0\n"
	      "[   46.872639][ T6479]  cmtp_session+0x5c8/0x5d0\n"
	      "[   46.875248][ T6479]  kthread+0x147/0x170\n",
	      &p);
	r = &p.rec[0];
	is_int(p.n, 1, "wrapped UBSAN: one report");
	is_str(r->source_file, "drivers/isdn/capi/kcapi.c",
	       "wrapped UBSAN header: file from the next line");
	is_str(r->kernel_version, "5.15.0-rc2+", "wrapped: version");
	ok(r->hardware && strstr(r->hardware, "1996), BIOS"),
	   "wrapped Hardware name joined");
	is_int(r->frames.size, 6, "wrapped: frames");
	parsed_free(&p);

	// A register line and a frame cut by a mail client after the
	// timestamp (real lines of CVE-2026-31601's report, wrapped as a
	// 72-column mailer does) and quoted once.
	parse("> [ 12.1] BUG: unable to handle page fault for address: 00000000000011f8\n"
	      "> [ 12.1] RIP: 0010:xe_sriov_vfio_wait_flr_done+0xc/0x80 [xe]\n"
	      "> [ 12.1] RAX: ffffffffa04d8660 RBX: ffff88813e3e4000 RCX:\n"
	      "> 0000000000000000\n"
	      "> [ 12.1] Call Trace:\n"
	      "> [ 12.1]  <TASK>\n"
	      "> [ 12.1]  [<ffffffffa04d0123>]\n"
	      "> xe_sriov_vfio_reset_done+0x20/0x40 [xe]\n"
	      "> [ 12.1]  pci_reset_function+0x4b/0x70\n"
	      "> [ 12.1]  </TASK>\n",
	      &p);
	r = &p.rec[0];
	ok(r->regs.size == 3, "wrapped register value joined (%zu regs)",
	   r->regs.size);
	is_int(r->frames.size, 2, "frame of addresses joined with its symbol");
	is_str(fn_at(r, 0), "xe_sriov_vfio_reset_done", "joined frame name");
	ok(r->frames.size && r->frames.data[0].address.value == 0xffffffffa04d0123,
	   "joined frame keeps its address");
	parsed_free(&p);

	// No-break spaces as indentation (CVE-2023-52903), "| " quotes
	// (CVE-2026-23107) and rsyslog's "host kernel: " (CVE-2023-53530).
	parse("| Internal error: Oops: 0000000096000046 [#1]  SMP\n"
	      "| Modules linked in:\n"
	      "| pc : sve_save_state+0x4/0xf0\n"
	      "| Call trace:\n"
	      "|\xc2\xa0 sve_save_state+0x4/0xf0\n"
	      "|\xc2\xa0 fpsimd_save_user_state+0xb0/0x1c0\n"
	      "\n"
	      "localhost kernel: BUG: using smp_processor_id() in preemptible [00000000] code: kworker/u129:4/75092\n"
	      "localhost kernel: CPU: 6 PID: 75092 Comm: kworker/u129:4 Kdump: loaded Tainted: G    B   W  OE    --------- ---  5.14.0-70.22.1.el9_0.x86_64+debug #1\n"
	      "localhost kernel: Call Trace:\n"
	      "localhost kernel:  dump_stack_lvl+0x57/0x7d\n"
	      "localhost kernel:  check_preemption_disabled+0xc8/0xd0\n",
	      &p);
	is_int(p.n, 2, "| quote and host kernel: two reports");
	is_int(p.rec[0].frames.size, 2, "no-break-space indented frames");
	is_str(p.rec[0].arch, "arm64", "| quoted arm64");
	is_int(p.n == 2 ? p.rec[1].frames.size : 0, 2, "host kernel: frames");
	is_str(p.n == 2 ? p.rec[1].taint : NULL, "BWOE", "taint letters");
	parsed_free(&p);
}

static void test_arch_frames(void)
{
	struct parsed p;
	// ARM 32, CVE-2022-50062: "(func) from [<caller>] (caller+off)".
	parse("kernel BUG at lib/dynamic_queue_limits.c:27!\n"
	      "Internal error: Oops - BUG: 0 [#1] PREEMPT SMP ARM\n"
	      "Modules linked in: bgmac_bcma(O) bgmac(O) mdio_bcm_unimac [last unloaded: x]\n"
	      "CPU: 0 PID: 1166 Comm: irq/41-bgmac Tainted: G        W  O    4.14.275-rt132 #1\n"
	      "PC is at dql_completed+0x168/0x178\n"
	      "LR is at bgmac_poll+0x18c/0x6d8\n"
	      "pc : [<c03b9430>]    lr : [<c04b5a18>]    psr: 800a0313\n"
	      "sp : ee32be14  ip : 000005ea  fp : 00000bd4\n"
	      "r10: ee558500  r9 : c0116298  r8 : 00000002\n"
	      "[<c03b9430>] (dql_completed) from [<c04b5a18>] (bgmac_poll+0x18c/0x6d8)\n"
	      "[<c04b5a18>] (bgmac_poll) from [<c0528744>] (net_rx_action+0x1c4/0x494)\n"
	      "[<c0528744>] (net_rx_action) from\n"
	      "[<c0124d3c>] (do_current_softirqs+0x1ec/0x43c)\n"
	      "[<c013edcc>] (kthread) from [<c0108470>] (ret_from_fork+0x14/0x24)\n",
	      &p);
	struct crash_record *r = &p.rec[0];
	is_str(r->arch, "arm", "ARM arch");
	is_str(r->fault.function, "dql_completed", "PC is at");
	is_int(r->frames.size, 6, "ARM frames, the outermost caller too");
	is_str(fn_at(r, 5), "ret_from_fork", "ARM: last caller is a frame");
	is_str(fn_at(r, 1), "bgmac_poll", "ARM: the frame is the first name");
	is_str(fn_at(r, 2), "net_rx_action", "ARM: wrapped after from");
	ok(r->frames.size > 1 && r->frames.data[1].address.value == 0xc04b5a18,
	   "ARM frame address");
	is_str(r->taint, "WO", "ARM taint");
	is_int(r->modules.size, 3, "modules: flags and last unloaded dropped");
	is_str(r->modules.size ? r->modules.data[0] : NULL, "bgmac_bcma",
	       "module flags stripped");
	parsed_free(&p);

	// ARM since 5.x (CVE-2022-49551's quote): "a from b+0x1/0x2".
	parse("Unable to handle kernel NULL pointer dereference at virtual address 00000000\n"
	      "Call trace:\n"
	      " isp1760_register from isp1760_plat_probe+0x1d8/0x220\n"
	      " isp1760_plat_probe from platform_probe+0x5c/0xb8\n",
	      &p);
	is_int(p.rec[0].frames.size, 3, "ARM 'from' frames");
	is_str(fn_at(&p.rec[0], 2), "platform_probe", "ARM 'from' caller");
	is_str(fn_at(&p.rec[0], 1), "isp1760_plat_probe", "ARM 'from' name");
	parsed_free(&p);

	// s390, CVE-2024-45005 (address-only frame and the last breaking
	// event address added to its real trace to test both).
	parse("Unable to handle kernel pointer dereference in virtual kernel address space\n"
	      "Krnl PSW : 0704c00180000000 000003d93deb0122 (kvm_handle_sie_intercept+0x432/0x4d0 [kvm])\n"
	      "Krnl GPRS: 000003d900000027 000003d900000023 0000000000000028 000002cd00000000\n"
	      "Call Trace:\n"
	      " [<000003d93deb0122>] kvm_handle_sie_intercept+0x432/0x4d0 [kvm]\n"
	      "([<000003d93deb011e>] kvm_handle_sie_intercept+0x42e/0x4d0 [kvm])\n"
	      " [<000003d93deacc10>] vcpu_post_run+0x1d0/0x3b0 [kvm]\n"
	      " [<000003ff8025a4e6>] 0x3ff8025a4e6\n"
	      " [<000003d9be0f9a90>] system_call+0x70/0x98\n"
	      "Last Breaking-Event-Address:\n"
	      " [<000003d9bd3c7e70>] __warn_printk+0x40/0x50\n",
	      &p);
	r = &p.rec[0];
	is_str(r->arch, "s390", "s390 arch");
	is_str(r->fault.function, "kvm_handle_sie_intercept", "PSW fault");
	is_int(r->frames.size, 5, "s390 frames, breaking event not in them");
	ok(r->frames.size == 5 && r->frames.data[3].no_symbol &&
		   r->frames.data[3].address.value == 0x3ff8025a4e6 &&
		   !r->frames.data[3].reliable,
	   "address-only frame: address kept, no symbol");
	is_str(fn_at(r, 4), "system_call", "s390 last frame");
	parsed_free(&p);

	// ppc64 ELFv1 dot names, CVE-2021-47549.
	parse("BUG: Unable to handle kernel data access on read at 0x80000800805b502c\n"
	      "Oops: Kernel access of bad area, sig: 11 [#1]\n"
	      "NIP [c0000000000388a4] .ioread32+0x4/0x20\n"
	      "LR [80000000000c6034] .sata_fsl_port_stop+0x44/0xe0 [sata_fsl]\n"
	      "Call Trace:\n"
	      " .free_irq+0x1c/0x4e0 (unreliable)\n"
	      " .ata_host_stop+0x74/0xd0 [libata]\n"
	      " .release_nodes+0x330/0x3f0\n",
	      &p);
	r = &p.rec[0];
	is_str(r->arch, "ppc64", "ppc arch");
	is_str(r->fault.function, "ioread32", "NIP: dot name");
	is_str(fn_at(r, 1), "ata_host_stop", "ELFv1 dot name stripped");
	parsed_free(&p);

	// MIPS, CVE-2023-53986.
	parse("[    3.9] CPU 0 Unable to handle kernel paging request at virtual address 7fd1f080, epc == 80015808, ra == 800157fc\n"
	      "[    3.9] Oops[#1]:\n"
	      "[    3.9] CPU: 0 PID: 1 Comm: init Not tainted 5.10.0 #1\n"
	      "[    3.9] epc   : 80015808 setup_sigcontext+0x54/0x24c\n"
	      "[    3.9] ra    : 800157fc setup_sigcontext+0x48/0x24c\n"
	      "[    3.9] Status: 10008703	KERNEL EXL IE\n"
	      "[    3.9] Call Trace:\n"
	      "[    3.9] [<80015808>] setup_sigcontext+0x54/0x24c\n"
	      "[    3.9] [<80015c70>] setup_frame+0xdc/0x124\n"
	      "[    3.9] [<80011b50>] work_notifysig+0x10/0x18\n",
	      &p);
	r = &p.rec[0];
	is_str(r->arch, "mips", "MIPS arch");
	is_str(r->fault.function, "setup_sigcontext", "MIPS epc");
	is_int(r->frames.size, 3, "MIPS frames");
	parsed_free(&p);

	// RISC-V, CVE-2021-47414: no "Call Trace:" line before the frames.
	parse("[    0.000000] Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000\n"
	      "[    0.000000] Oops [#1]\n"
	      "[    0.000000] epc : riscv_cpuid_to_hartid_mask+0x6/0xae\n"
	      "[    0.000000]  ra : __sbi_rfence_v02+0xc8/0x10a\n"
	      "[    0.000000] epc : ffffffff80007240 ra : ffffffff80009964 sp : ffffffff81803e10\n"
	      "[    0.000000]  gp : ffffffff81a1ea70 tp : ffffffff8180f500 t0 : ffffffe07fe30000\n"
	      "[    0.000000] status: 0000000200000100 badaddr: 0000000000000000 cause: 0000000000000002\n"
	      "[    0.000000] [<ffffffff80007240>] riscv_cpuid_to_hartid_mask+0x6/0xae\n"
	      "[    0.000000] [<ffffffff80009474>] sbi_remote_fence_i+0x1e/0x26\n",
	      &p);
	r = &p.rec[0];
	is_str(r->arch, "riscv", "RISC-V arch");
	is_str(r->fault.function, "riscv_cpuid_to_hartid_mask", "RISC-V epc");
	is_int(r->frames.size, 2, "RISC-V frames");
	ok(r->regs.size >= 6, "RISC-V registers (%zu)", r->regs.size);
	parsed_free(&p);

	// i386 2.6: taint on the EIP line, "EIP is at".
	parse("BUG: unable to handle kernel NULL pointer dereference at virtual address 00000000\n"
	      "Oops: 0000 [#1]\n"
	      "EIP:    0060:[<c0123456>]    Tainted: P      VLI\n"
	      "EIP is at mpage_readpages+0x3c/0x120\n"
	      "Call Trace:\n"
	      " [<c0156789>] ext2_readpages+0x1a/0x20\n",
	      &p);
	is_str(p.rec[0].taint, "P", "taint on the EIP line, VLI is no flag");
	is_str(p.rec[0].fault.function, "mpage_readpages", "EIP is at");
	parsed_free(&p);
}

// Frames a quote abridged: names only, "...", decode_stacktrace.sh.
static void test_abridged_frames(void)
{
	struct parsed p;
	// CVE-2024-55916 and CVE-2026-68323.
	parse("BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
	      "CPU: 44 UID: 0 PID: 2552 Comm: hv_kvp_daemon Tainted: G E 6.11.0-rc3+ #1\n"
	      "RIP: 0010:hv_pkt_iter_first+0x12/0xd0\n"
	      "Call Trace:\n"
	      "...\n"
	      " vmbus_recvpacket\n"
	      " hv_kvp_onchannelcallback\n"
	      " cleanup_bearer (net/tipc/udp_media.c:811)\n"
	      " process_one_work (kernel/workqueue.c:3302)\n"
	      "\n"
	      "This can happen because the KVP/VSS channel callback can be invoked\n",
	      &p);
	is_int(p.rec[0].frames.size, 4, "name-only frames");
	is_str(fn_at(&p.rec[0], 3), "process_one_work", "decoded frame");
	is_str(p.rec[0].taint, "E", "taint E");
	parsed_free(&p);
}

// Bad input the line layer must survive: CRLF, latin-1 bytes, a report
// cut in the middle of a frame, a log of frames only.
static void test_line_damage(void)
{
	struct parsed p;
	parse("BUG: kernel NULL pointer dereference, address: 0000000000000008\r\n"
	      "CPU: 1 PID: 5 Comm: caf\xe9 Not tainted 6.1.0 #1\r\n"
	      "RIP: 0010:truncate_inode_page+0x5a/0x70\r\n"
	      "Call Trace:\r\n"
	      " truncate_inode_pages_range+0x3b9/0xc30\r\n"
	      " evict+0x1",
	      &p);
	is_int(p.n, 1, "CRLF: one report");
	is_str(p.rec[0].kernel_version, "6.1.0", "CRLF: no \\r in fields");
	is_int(p.rec[0].frames.size, 2, "cut frame still a frame");
	parsed_free(&p);
	parse(" [<ffffffff81234567>] truncate_inode_pages_range+0x3b9/0xc30\n"
	      " [<ffffffff81234568>] evict+0x10/0x20\n",
	      &p);
	// Someone pasted the trace alone: it is a report (of unknown kind).
	is_int(p.n, 1, "frames without any report line: one report");
	if (p.n == 1)
		is_int(p.rec[0].frames.size, 2, "... with both frames");
	parsed_free(&p);
	parse("Call Trace:\n"
	      " [<ffffffff81234567>] truncate_inode_pages_range+0x3b9/0xc30\n"
	      " [<ffffffff81234568>] evict+0x10/0x20\n"
	      " [<ffffffff81234569>]",
	      &p);
	is_int(p.n, 1, "a bare trace is a report");
	is_int(p.rec[0].frames.size, 3, "bare trace frames, cut last one kept");
	parsed_free(&p);
}

// CONFIG_STACKTRACE_BUILD_ID: the CPU: line ends in the vmlinux's build id
// and module frames carry theirs.  The lines are the corpus dump's (Debian
// 6.1, corpus/vmcore) with the build ids of its vmlinux and lustre.ko put
// where such kernels print them.
static void test_build_ids(void)
{
	struct parsed p;
	parse("[   24.123185] BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
	      "[   24.123807] Oops: 0000 [#1] PREEMPT SMP NOPTI\n"
	      "[   24.124011] CPU: 1 PID: 103 Comm: magic.exe Kdump: loaded Tainted: G           OE      6.1.0-57-cloud-amd64 #1  Debian 6.1.192-3 01d2640d3a13145ee314eb05b155f141b7b7058b\n"
	      "[   24.124011] RIP: 0010:ll_readahead+0x5/0x30 [lustre]\n"
	      "[   24.124011] Call Trace:\n"
	      "[   24.124011]  <TASK>\n"
	      "[   24.124011]  ll_readpage+0xb9/0xe0 [lustre 96c99afe058daae34c5e418e50ece4cf2428df76]\n"
	      "[   24.124011]  ll_fault+0xa/0x10 [lustre 96c99afe058daae34c5e418e50ece4cf2428df76]\n"
	      "[   24.124011]  kthread+0xda/0x100\n"
	      "[   24.124011]  </TASK>\n"
	      "[   24.124011] Modules linked in: lustre(OE)\n",
	      &p);
	is_int(p.n, 1, "build ids: one report");
	const struct crash_record *r = &p.rec[0];
	is_str(r->kernel_version, "6.1.0-57-cloud-amd64",
	       "release before the build id");
	is_int(r->frames.size, 3, "frames with build ids are frames");
	const struct frame *f = r->frames.size ? &r->frames.data[0] : NULL;
	is_str(f ? f->module : NULL, "lustre", "module before its build id");
	is_str(f ? f->module_build_id : NULL,
	       "96c99afe058daae34c5e418e50ece4cf2428df76", "module build id");
	is_str(f ? f->function : NULL, "ll_readpage", "function");
	ok(r->frames.size == 3 && !r->frames.data[2].module &&
		   !r->frames.data[2].module_build_id,
	   "vmlinux frame: no module, no build id");
	parsed_free(&p);
}

/* One report of @text, titled @want. */
static void title_is(const char *text, const char *want, const char *what)
{
	struct parsed p;
	parse(text, &p);
	if (p.n >= 1)
		is_str(p.rec[0].syz_title, want, "%s", what);
	else
		ok(false, "%s: no report", what);
	parsed_free(&p);
}

/* syzbot's title forms that depend on the header's words or file. */
static void test_syz_title_forms(void)
{
	title_is(
		"BUG: spinlock lockup suspected on CPU#1, a.out/4158\n"
		" lock: 0xffff88003fc16b40, .magic: dead4ead, .owner: a.out/4159, .owner_cpu: 0\n"
		"Call Trace:\n"
		" dump_stack+0x4d/0x66\n"
		" do_raw_spin_lock+0x135/0x140\n"
		" _raw_spin_lock+0x1d/0x20\n"
		" sk_clone_lock+0x1a4/0x3a0\n",
		"BUG: spinlock lockup suspected in sk_clone_lock",
		"spinlock: the header's words, 'suspected' kept");
	title_is(
		"BUG: rwlock wrong owner on CPU#0, swapper/0/0, ffffffff81a2f480\n"
		"Call Trace:\n"
		" do_raw_write_unlock+0x60/0x70\n"
		" _raw_write_unlock_bh+0x1a/0x30\n"
		" neigh_periodic_work+0x1c0/0x2a0\n",
		"BUG: rwlock wrong owner in neigh_periodic_work",
		"rwlock: its own word");
	title_is(
		"=====================================\n"
		"BUG: bad unlock balance detected!\n"
		"-------------------------------------\n"
		"syz-executor/3170 is trying to release lock (&mm->mmap_lock) at:\n"
		"[<ffffffff81a1b4c2>] mmap_read_unlock include/linux/mmap_lock.h:163 [inline]\n"
		"[<ffffffff81a1b4c2>] do_user_addr_fault+0x3c2/0x1090\n"
		"but there are no more locks to release!\n"
		"stack backtrace:\n"
		"Call Trace:\n"
		" print_unlock_imbalance_bug+0x1c0/0x200\n"
		" lock_release+0x2c4/0x400\n"
		" up_read+0x17/0xa0\n"
		" do_user_addr_fault+0x3c2/0x1090\n",
		"BUG: bad unlock balance in do_user_addr_fault",
		"bad unlock balance keeps the header's BUG:");
	title_is(
		"------------[ cut here ]------------\n"
		"ODEBUG: free active (active state 0) object: ffff88801d2c0af8 object type: timer_list hint: tcp_keepalive_timer+0x0/0x30\n"
		"WARNING: CPU: 1 PID: 5116 at lib/debugobjects.c:514 debug_print_object+0x16c/0x230\n"
		"RIP: 0010:debug_print_object+0x16c/0x230\n"
		"Call Trace:\n"
		" __debug_check_no_obj_freed lib/debugobjects.c:1011 [inline]\n"
		" debug_check_no_obj_freed+0x4b6/0x5e0\n"
		" kmem_cache_free+0xd4/0x3a0\n"
		" __sk_destruct+0x5c3/0x780\n",
		"WARNING: ODEBUG bug in __sk_destruct",
		"WARN in lib/debugobjects.c: ODEBUG");
	title_is(
		"usercopy: Kernel memory exposure attempt detected from SLUB object 'kmalloc-64' (offset 0, size 65)!\n"
		"------------[ cut here ]------------\n"
		"kernel BUG at mm/usercopy.c:102!\n"
		"invalid opcode: 0000 [#1] PREEMPT SMP KASAN\n"
		"RIP: 0010:usercopy_abort+0xbd/0xbf\n"
		"Call Trace:\n"
		" __check_heap_object+0xe3/0x120\n"
		" __check_object_size+0x2a6/0x340\n"
		" check_object_size include/linux/thread_info.h:199 [inline]\n"
		" hiddev_ioctl+0x6f2/0x1780\n",
		"BUG: bad usercopy in hiddev_ioctl",
		"BUG in mm/usercopy.c: bad usercopy");
	title_is("BUG: KASAN: double-free or invalid-free in kfree+0xd2/0x2a0\n"
		 "\n"
		 "CPU: 0 PID: 3607 Comm: syz-executor Not tainted 5.15.0 #1\n"
		 "Call Trace:\n"
		 " kasan_report_invalid_free+0x51/0x80\n"
		 " ____kasan_slab_free+0x16b/0x1a0\n"
		 " kfree+0xd2/0x2a0\n"
		 " nci_hci_deliver_cmd+0x20a/0x2c0\n",
		 "KASAN: invalid-free in nci_hci_deliver_cmd",
		 "KASAN double-free: one invalid-free title");
	title_is(
		"Unable to handle kernel access to user memory outside uaccess routines at virtual address 0000000020000040\n"
		"Mem abort info:\n"
		"Internal error: Oops: 000000009600000f [#1] PREEMPT SMP\n"
		"pc : __arch_copy_from_user+0x1b8/0x230\n"
		"lr : sock_setsockopt+0x1d4/0x1340\n"
		"Call trace:\n"
		" __arch_copy_from_user+0x1b8/0x230\n"
		" sock_setsockopt+0x1d4/0x1340\n",
		"BUG: unable to handle kernel access to user memory in sock_setsockopt",
		"arm64 user-memory access: its own words");
	title_is("stack segment: 0000 [#1] PREEMPT SMP KASAN\n"
		 "CPU: 1 PID: 3610 Comm: syz-executor Not tainted 6.0.0 #0\n"
		 "RIP: 0010:qdisc_tree_reduce_backlog+0x1b7/0x3e0\n"
		 "Call Trace:\n"
		 " fq_codel_change+0x4a3/0x780\n",
		 "stack segment fault in qdisc_tree_reduce_backlog", "x86 #SS");
	title_is(
		"INFO: task syz-executor:3611 can't die for more than 143 seconds.\n"
		"task:syz-executor    state:D stack:27064 pid: 3611 ppid:  3609 flags:0x00004006\n"
		"Call Trace:\n"
		" <TASK>\n"
		" __schedule+0xa9a/0x4940\n"
		" schedule+0xd2/0x260\n"
		" io_uring_cancel_generic+0x5d4/0x690\n",
		"INFO: task can't die in io_uring_cancel_generic",
		"a task that can't die is not a hung task");
	title_is(
		"INFO: task syz-executor.0:3644 blocked for more than 143 seconds.\n"
		"task:syz-executor.0  state:D stack:25560 pid:3644  ppid:1      flags:0x00004006\n"
		"Call Trace:\n"
		" <TASK>\n"
		" __schedule+0xb9a/0x5450 kernel/sched/core.c:6551\n"
		" schedule+0xde/0x1b0 kernel/sched/core.c:6627\n"
		" schedule_timeout+0x14a/0x2a0\n"
		" __wait_for_common+0x1c8/0x5d0\n"
		" __synchronize_srcu+0x1d5/0x250 kernel/rcu/srcutree.c:1239\n"
		" synchronize_srcu+0x7c/0x90\n"
		" ip6mr_net_exit_batch+0x2a/0x60\n"
		" ops_exit_list+0x125/0x170\n",
		"INFO: task hung in synchronize_rcu",
		"hung in an RCU grace-period wait: one title");
	title_is(
		"INFO: task kworker/1:2:3081 blocked for more than 143 seconds.\n"
		"Call Trace:\n"
		" __schedule+0x89f/0x2090\n"
		" schedule+0xc3/0x270\n"
		" schedule_preempt_disabled+0x13/0x20\n"
		" __mutex_lock+0x6d0/0x1160\n"
		" rtnl_lock+0x17/0x20\n"
		" addrconf_dad_work+0xb1/0x1590\n"
		" process_one_work+0x9bf/0x1710\n",
		"INFO: task hung in rtnl_lock",
		"hung behind the RTNL: the wait names it");
	title_is(
		"------------[ cut here ]------------\n"
		"usb 1-1: BOGUS urb xfer, pipe 1 != type 3\n"
		"WARNING: CPU: 0 PID: 9 at drivers/usb/core/urb.c:503 usb_submit_urb+0xed2/0x18a0 drivers/usb/core/urb.c:502\n"
		"RIP: 0010:usb_submit_urb+0xed2/0x18a0 drivers/usb/core/urb.c:502\n"
		"Call Trace:\n"
		" usb_start_wait_urb+0x175/0x4f0 drivers/usb/core/message.c:58\n"
		" usb_bulk_msg+0x228/0x550 drivers/usb/core/message.c:387\n"
		" ath6kl_usb_submit_ctrl_in+0x10c/0x230\n"
		" ath6kl_usb_diag_read32+0x1a4/0x2d0\n",
		"WARNING in ath6kl_usb_submit_ctrl_in/usb_submit_urb",
		"usb_submit_urb's WARN names the driver and the URB call");
	title_is("UBSAN: Undefined behaviour in net/ipv4/tcp_input.c:2867:9\n"
		 "signed integer overflow:\n"
		 "Call Trace:\n"
		 " dump_stack+0x94/0xce\n"
		 " ubsan_epilogue+0xd/0x40\n"
		 " handle_overflow+0x1a4/0x1c4\n"
		 " tcp_ack+0x3ad1/0x44a0\n",
		 "UBSAN: undefined-behaviour in tcp_ack",
		 "UBSAN before 5.4: undefined-behaviour");
}

int main(void)
{
	test_x86_bug_syzbot();
	test_x86_old_null();
	test_arm64();
	test_ppc_s390_i386();
	test_warning_prefixes();
	test_kasan_ubsan();
	test_lockups_hung();
	test_seed000_kdb();
	test_seed001_scrambled();
	test_dump_page();
	test_panic_alone_and_gpf();
	test_kdump_loaded();
	test_bad_input();
	test_many_reports_bounded();
	test_shared_patterns();
	test_kinds_titles();
	test_indented_wrapped();
	test_arch_frames();
	test_abridged_frames();
	test_line_damage();
	test_build_ids();
	test_syz_title_forms();
	return tap_done();
}
