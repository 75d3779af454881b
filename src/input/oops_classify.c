// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Which lines start, continue or end a report.  The markers are the ones
 * the kernel prints (and syzkaller's pkg/report looks for); they are
 * literal prefixes, so the first character selects a handful of memcmp()s
 * and ordinary lines cost one switch.
 */
#include <string.h>

#include "oops_priv.h" // IWYU pragma: associated

struct marker {
	const char *text;
	size_t len;
	enum hdr hdr;
	enum crash_kind kind;
	/** If set, the line must also contain this. */
	const char *also;
};

#define M(lit, h, k, a) { lit, sizeof(lit) - 1, h, CRASH_##k, a }

// Longer prefixes before shorter ones that they extend.  The header
// lines are the kernel's own: lockdep's print_circular_bug_header() and
// friends (kernel/locking/lockdep.c), KASAN/KMSAN/KCSAN/KFENCE's report
// headers (mm/kasan/report.c, mm/kmsan/report.c, kernel/kcsan/report.c,
// mm/kfence/report.c), kmemleak's print_unreferenced(), lib/list_debug.c
// and lib/refcount.c's messages, the x86 trap names of do_error_trap().
static const struct marker markers[] = {
	M("BUG: unable to handle kernel NULL pointer dereference", HDR_START,
	  NULL_DEREF, NULL),
	M("BUG: kernel NULL pointer dereference", HDR_START, NULL_DEREF, NULL),
	M("BUG: Kernel NULL pointer dereference", HDR_START, NULL_DEREF, NULL),
	M("BUG: unable to handle", HDR_START, PAGING_REQUEST, NULL),
	M("BUG: Unable to handle kernel", HDR_START, PAGING_REQUEST, NULL),
	M("BUG: Bad page map", HDR_START, BAD_PAGE_MAP, NULL),
	M("BUG: Bad rss-counter", HDR_START, BAD_RSS, NULL),
	M("BUG: Bad page", HDR_START, BAD_PAGE, NULL),
	M("BUG: KASAN:", HDR_START, KASAN, NULL),
	M("BUG: KMSAN:", HDR_START, KMSAN, NULL),
	M("BUG: KCSAN:", HDR_START, KCSAN, NULL),
	M("BUG: KFENCE:", HDR_START, KFENCE, NULL),
	M("BUG: soft lockup", HDR_START, SOFT_LOCKUP, NULL),
	M("BUG: held lock freed", HDR_START, HELD_LOCK_FREED, NULL),
	M("BUG: bad unlock balance", HDR_START, BAD_UNLOCK, NULL),
	M("BUG: lock held when returning", HDR_START, LOCK_LEAK, NULL),
	M("BUG: sleeping function called from invalid context", HDR_START,
	  SLEEP_INVALID, NULL),
	M("BUG: scheduling while atomic", HDR_START, SCHED_ATOMIC, NULL),
	M("BUG: spinlock", HDR_START, SPINLOCK, NULL),
	M("BUG: rwlock", HDR_START, SPINLOCK, NULL),
	M("BUG: workqueue lockup", HDR_START, WQ_LOCKUP, NULL),
	M("BUG: stack guard page was hit", HDR_START, STACK_OVERFLOW, NULL),
	M("BUG: TASK stack guard page was hit", HDR_START, STACK_OVERFLOW,
	  NULL),
	// syzbot's kmemleak reports: "BUG: memory leak", then the object.
	M("BUG: memory leak", HDR_START, KMEMLEAK, NULL),
	M("BUG: ", HDR_START, OTHER, NULL),
	M("Backtrace:", HDR_TRACE, UNKNOWN, NULL),
	M("WARNING: possible circular locking", HDR_START, LOCKDEP_DEADLOCK,
	  NULL),
	M("WARNING: possible recursive locking", HDR_START, LOCKDEP_DEADLOCK,
	  NULL),
	M("WARNING: possible irq lock inversion", HDR_START,
	  LOCKDEP_DEADLOCK, NULL),
	M("WARNING: inconsistent lock state", HDR_START, LOCKDEP_INCONSISTENT,
	  NULL),
	M("WARNING: suspicious RCU usage", HDR_START, SUSPICIOUS_RCU, NULL),
	M("WARNING: held lock freed", HDR_START, HELD_LOCK_FREED, NULL),
	M("WARNING: bad unlock balance", HDR_START, BAD_UNLOCK, NULL),
	M("WARNING: lock held when returning to user", HDR_START, LOCK_LEAK,
	  NULL),
	// "WARNING: HARDIRQ-safe -> HARDIRQ-unsafe lock order detected".
	M("WARNING: ", HDR_START, LOCKDEP_DEADLOCK, "-safe -> "),
	M("WARNING: ", HDR_START, WARNING, NULL),
	M("Watchdog detected hard LOCKUP", HDR_START, HARD_LOCKUP, NULL),
	M("general protection fault", HDR_START, GPF, NULL),
	M("kernel BUG at ", HDR_START, BUG, NULL),
	M("Kernel BUG at ", HDR_START, BUG, NULL),
	M("kernel stack overflow", HDR_CONT, STACK_OVERFLOW, NULL),
	M("Kernel panic - not syncing: stack-protector:", HDR_PANIC,
	  STACK_PROTECTOR, NULL),
	M("Kernel panic - not syncing: corrupted stack end", HDR_PANIC,
	  STACK_OVERFLOW, NULL),
	M("Kernel panic - not syncing: kernel stack overflow", HDR_PANIC,
	  STACK_OVERFLOW, NULL),
	M("Kernel panic - not syncing", HDR_PANIC, PANIC, NULL),
	// KASAN's note under a general protection fault (an abridged paste
	// may start with it).
	M("KASAN: ", HDR_CONT, GPF, " in range"),
	M("Krnl PSW", HDR_NONE, UNKNOWN, NULL),
	// x86's #DF handler, handle_stack_overflow() aside.
	M("PANIC: double fault", HDR_START, OTHER, NULL),
	M("Insufficient stack space to handle exception", HDR_START,
	  STACK_OVERFLOW, NULL),
	M("------------[ cut here ]", HDR_PRELUDE, UNKNOWN, NULL),
	M("---[ end Kernel panic", HDR_END_PANIC, UNKNOWN, NULL),
	M("---[ end trace", HDR_END, UNKNOWN, NULL),
	M("UBSAN:", HDR_START, UBSAN, NULL),
	// arm's do_DataAbort()/do_PrefetchAbort() for a fault no handler
	// takes; die()'s "Internal error:" follows.
	M("Unhandled fault:", HDR_START, OTHER, NULL),
	M("Unable to handle kernel NULL pointer", HDR_START, NULL_DEREF, NULL),
	M("Unable to handle kernel", HDR_START, PAGING_REQUEST, NULL),
	M("watchdog: BUG: soft lockup", HDR_START, SOFT_LOCKUP, NULL),
	M("watchdog: Watchdog detected hard LOCKUP", HDR_START, HARD_LOCKUP,
	  NULL),
	M("NMI watchdog: BUG: soft lockup", HDR_START, SOFT_LOCKUP, NULL),
	M("NMI watchdog: Watchdog detected hard LOCKUP", HDR_START,
	  HARD_LOCKUP, NULL),
	M("NMI backtrace for cpu", HDR_TASK, UNKNOWN, NULL),
	M("rcu: INFO: rcu", HDR_START, RCU_STALL, "stall"),
	M("INFO: rcu", HDR_START, RCU_STALL, "stall"),
	M("INFO: task ", HDR_START, HUNG_TASK, " blocked for more than"),
	M("INFO: task ", HDR_START, HUNG_TASK, " can't die for more than"),
	M("INFO: possible circular locking", HDR_START, LOCKDEP_DEADLOCK,
	  NULL),
	M("INFO: possible recursive locking", HDR_START, LOCKDEP_DEADLOCK,
	  NULL),
	M("INFO: inconsistent lock state", HDR_START, LOCKDEP_INCONSISTENT,
	  NULL),
	M("INFO: suspicious RCU usage", HDR_START, SUSPICIOUS_RCU, NULL),
	M("INFO: possible irq lock inversion", HDR_START, LOCKDEP_DEADLOCK,
	  NULL),
	M("INFO: ", HDR_START, LOCKDEP_DEADLOCK, "-safe -> "),
	M("INFO: trying to register non-static key", HDR_START, OTHER, NULL),
	M("Internal error: Oops - BUG", HDR_CONT, BUG, NULL),
	M("Internal error:", HDR_CONT, OTHER, NULL),
	M("Oops: general protection fault", HDR_START, GPF, NULL),
	M("Oops: divide error", HDR_START, DIVIDE_ERROR, NULL),
	M("Oops: invalid opcode", HDR_CONT, INVALID_OPCODE, NULL),
	M("Oops: Kernel access of bad area", HDR_CONT, PAGING_REQUEST, NULL),
	M("Oops - BUG", HDR_CONT, BUG, NULL),
	M("Oops: ", HDR_CONT, OTHER, NULL),
	M("Oops", HDR_CONT, OTHER, " [#"),
	// MIPS and LoongArch die(): "Oops[#1]:".
	M("Oops[#", HDR_CONT, OTHER, NULL),
	M("invalid opcode:", HDR_CONT, INVALID_OPCODE, NULL),
	M("divide error:", HDR_START, DIVIDE_ERROR, NULL),
	// The spelling of 9d06c4027f21 ("x86/entry: Convert Divide Error to
	// IDTENTRY") until the name was fixed.
	M("divide_error:", HDR_START, DIVIDE_ERROR, NULL),
	// x86's #SS: "stack segment: 0000 [#1] PREEMPT SMP KASAN".
	M("stack segment: ", HDR_START, OTHER, NULL),
	// MIPS and LoongArch do_page_fault(): "CPU 0 Unable to handle kernel
	// paging request at virtual address 0, epc == ..., ra == ...".
	M("CPU ", HDR_START, PAGING_REQUEST, " Unable to handle kernel paging"),
	M("Call Trace:", HDR_TRACE, UNKNOWN, NULL),
	M("Call trace:", HDR_TRACE, UNKNOWN, NULL),
	M("unreferenced object 0x", HDR_START, KMEMLEAK, NULL),
	M("unregister_netdevice: waiting for", HDR_START, NETDEV_WAIT, NULL),
	// Printed before the WARN or BUG they explain.
	M("refcount_t: ", HDR_HINT, REFCOUNT, NULL),
	M("list_add corruption", HDR_HINT, LIST_CORRUPTION, NULL),
	M("list_del corruption", HDR_HINT, LIST_CORRUPTION, NULL),
	M("list_add double add", HDR_HINT, LIST_CORRUPTION, NULL),
	M("list_bl_add corruption", HDR_HINT, LIST_CORRUPTION, NULL),
	M("list_bl_del corruption", HDR_HINT, LIST_CORRUPTION, NULL),
};

#undef M

static bool is_kdb_or_sysrq_task(struct oops_regex *re, const char *s,
				 size_t len)
{
	if (s[0] == '0' && len > 20 && s[1] == 'x')
		return oops_match(re, RE_KDB_TASK, s, len);
	if (s[0] == 't' && STARTS(s, len, "task:"))
		return oops_match(re, RE_SYSRQ_TASK, s, len);
	// Old sched_show_task(): ends in the flags word "0x00000000".
	const char *sp = memrchr(s, ' ', len);
	if (sp && sp[1] == '0' && sp[2] == 'x' && len < 120)
		return oops_match(re, RE_SYSRQ_OLD_TASK, s, len);
	return false;
}

// Lockdep's banners are as wide as their title (25 to 54 '='), KASAN's 66.
static bool is_rule(const char *s, size_t len)
{
	return len >= 20 && s[0] == '=' && strspn(s, "=") == len;
}

// s390 die(): the program check's name, its code and instruction length
// ("data exception: 0007 ilc:3 [#1] SMP", "illegal operation: 0001 ilc:1
// [#1]", "monitor event: 0040 ilc:2 [#1]").
static bool is_s390_die(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && i < 40 &&
	       ((s[i] >= 'a' && s[i] <= 'z') || s[i] == ' ' || s[i] == '-'))
		i++;
	if (i == 0 || len - i < 15 || s[i] != ':' || s[i + 1] != ' ')
		return false;
	for (size_t k = i + 2; k < i + 6; k++) {
		if (!((s[k] >= '0' && s[k] <= '9') ||
		      (s[k] >= 'a' && s[k] <= 'f')))
			return false;
	}
	return memcmp(s + i + 6, " ilc:", 5) == 0;
}

enum hdr oops_classify(struct oops_regex *re, const char *s, size_t len,
		       enum crash_kind *kind_ret)
{
	*kind_ret = CRASH_UNKNOWN;
	if (len < 4)
		return HDR_NONE;
	if (s[0] >= 'a' && s[0] <= 'z' && is_s390_die(s, len)) {
		*kind_ret = CRASH_OTHER;
		return HDR_CONT;
	}
	switch (s[0]) {
	case 'B': case 'W': case 'g': case 'k': case 'K': case '-':
	case 'U': case 'w': case 'N': case 'r': case 'I': case 'O':
	case 'i': case 'C': case 'd': case 'u': case 'l': case 's':
	case 'P':
		break;
	case '[':
		// Lockdep's banners before 4.11, and "[ BUG: Invalid wait
		// context ]" still: the header in brackets.
		if (len > 8 && s[1] == ' ' && s[len - 1] == ']' &&
		    oops_classify(re, s + 2, len - 2, kind_ret) == HDR_START)
			return HDR_START;
		*kind_ret = CRASH_UNKNOWN;
		return is_kdb_or_sysrq_task(re, s, len) ? HDR_TASK : HDR_NONE;
	case '=':
		return is_rule(s, len) ? HDR_PRELUDE : HDR_NONE;
	case 'p':
		return oops_page_is_start(s, len) ? HDR_PAGE : HDR_NONE;
	default:
		return is_kdb_or_sysrq_task(re, s, len) ? HDR_TASK : HDR_NONE;
	}
	for (size_t i = 0; i < sizeof(markers) / sizeof(markers[0]); i++) {
		const struct marker *m = &markers[i];
		if (m->text[0] != s[0] || len < m->len ||
		    memcmp(s, m->text, m->len) != 0)
			continue;
		if (m->also && !oops_find(s, len, m->also))
			continue;
		*kind_ret = m->kind;
		return m->hdr;
	}
	return is_kdb_or_sysrq_task(re, s, len) ? HDR_TASK : HDR_NONE;
}
