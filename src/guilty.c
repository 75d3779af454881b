// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "guilty.h"

#define KIND_BIT(k) (UINT64_C(1) << (k))
#define INFRA_ALL_KINDS UINT64_MAX

_Static_assert(CRASH_KIND_COUNT <= 64, "kind sets are 64-bit masks");

#include "infra_frames.inc"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const struct infra_pattern *infra_patterns(enum infra_table which,
					   size_t *n_ret)
{
	switch (which) {
	case INFRA_EXACT:
		*n_ret = ARRAY_SIZE(infra_exact);
		return infra_exact;
	case INFRA_PREFIX:
		*n_ret = ARRAY_SIZE(infra_prefix);
		return infra_prefix;
	default:
		*n_ret = ARRAY_SIZE(infra_suffix);
		return infra_suffix;
	}
}

const struct infra_group *infra_group(unsigned int group)
{
	return group < ARRAY_SIZE(infra_groups) ? &infra_groups[group] : NULL;
}

static int exact_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct infra_pattern *)elem)->pattern);
}

static const struct infra_group *applies(const struct infra_pattern *p,
					 enum crash_kind kind)
{
	return (p->kinds & KIND_BIT(kind)) ? &infra_groups[p->group] : NULL;
}

const struct infra_group *infra_frame_group(enum crash_kind kind,
					    const char *name)
{
	if (!name || !name[0] || kind >= CRASH_KIND_COUNT)
		return NULL;
	const struct infra_pattern *p =
		bsearch(name, infra_exact, ARRAY_SIZE(infra_exact),
			sizeof(infra_exact[0]), exact_cmp);
	if (p && applies(p, kind))
		return applies(p, kind);
	size_t len = strlen(name);
	for (size_t i = 0; i < ARRAY_SIZE(infra_prefix); i++) {
		p = &infra_prefix[i];
		// The first byte rules out nearly every pattern cheaply.
		if (p->pattern[0] == name[0] && len >= p->len &&
		    memcmp(name, p->pattern, p->len) == 0 && applies(p, kind))
			return applies(p, kind);
	}
	for (size_t i = 0; i < ARRAY_SIZE(infra_suffix); i++) {
		p = &infra_suffix[i];
		if (len >= p->len &&
		    memcmp(name + len - p->len, p->pattern, p->len) == 0 &&
		    applies(p, kind))
			return applies(p, kind);
	}
	return NULL;
}

/*
 * Per-kind rules.  Every kind skips the infrastructure of data/infra/;
 * these say where in a report of the kind the story starts.
 */
enum fault_use {
	/*
	 * The fault site (RIP/pc, or the function the header names: WARNING
	 * ... at file:line func, "KASAN: ... in func", kernel BUG's RIP)
	 * comes first unless it is infrastructure; then its first caller in
	 * the trace that is not (RIP in memcpy_erms: the caller of memcpy).
	 */
	FAULT_FIRST = 0,
	/*
	 * The report is about the stack, not about a faulting instruction: a
	 * RIP printed with it is where the task was switched out or where
	 * the report was printed.
	 */
	FAULT_IGNORED,
	/*
	 * The stack after lockdep's report function comes first; the fault
	 * site only when the report was cut before that stack.
	 */
	FAULT_WITHOUT_STACK,
};

/*
 * Where the story of a report that is about no single instruction is.
 */
enum pick {
	/* The first frame that is not infrastructure. */
	PICK_FIRST = 0,
	/*
	 * A blocked task: the first frame below the wait primitives, unless
	 * the task waits for a lock or grace period that every task waits
	 * for (hung_anchors): then the wait itself, since the hang is the
	 * holder's and not this caller's.
	 */
	PICK_HUNG,
};

enum stack_start {
	/* The trace as printed, after the report's own frames. */
	STACK_FIRST = 0,
	/*
	 * Lockdep prints the stacks of the dependency chain before the stack
	 * that tries to take the lock; the acquiring stack is the one after
	 * lockdep's print_*() frames ("stack backtrace:"), or, in a report
	 * cut before it, chain entry #0, the last stack that enters lockdep
	 * (lock_acquire(), or __lock_acquire() from lock_sync() and the like).
	 */
	STACK_ACQUIRING,
	/* After the last timer-interrupt entry frame, when there is one. */
	STACK_AFTER_TIMER_IRQ,
};

struct kind_rule {
	enum fault_use fault;
	enum stack_start stack;
	enum pick pick;
};

static const struct kind_rule kind_rules[CRASH_KIND_COUNT] = {
	/*
	 * Lockdep: the lock site the report names ("is trying to acquire
	 * lock: ... at: f+0x..", the fault site when the parser takes it)
	 * unless it is infrastructure, else the first non-locking frame of
	 * the acquiring stack.
	 */
	[CRASH_LOCKDEP_DEADLOCK] = { FAULT_FIRST, STACK_ACQUIRING },
	/*
	 * An inconsistent lock state is found where the lock's irq usage
	 * changed: the stack printed (an acquisition in interrupt context,
	 * or interrupts enabled with the lock held, from spin_unlock_irq()'s
	 * caller).  The "takes:" line is the lock's last acquisition, which
	 * for a {..-ON-W} usage is not where the state went wrong; it is
	 * all a report cut before "stack backtrace:" names.
	 */
	[CRASH_LOCKDEP_INCONSISTENT] = { FAULT_WITHOUT_STACK, STACK_ACQUIRING },
	[CRASH_BAD_UNLOCK] = { FAULT_FIRST, STACK_ACQUIRING },
	// A blocked task: the first frame below the wait primitives.
	[CRASH_HUNG_TASK] = { FAULT_IGNORED, STACK_FIRST, PICK_HUNG },
	// The caller of __might_sleep()/__schedule_bug() and the primitive.
	[CRASH_SLEEP_INVALID] = { FAULT_IGNORED, STACK_FIRST },
	[CRASH_SCHED_ATOMIC] = { FAULT_IGNORED, STACK_FIRST },
	// The first non-allocator frame of the allocation backtrace.
	[CRASH_KMEMLEAK] = { FAULT_IGNORED, STACK_FIRST },
	/*
	 * UBSAN reports from a function call and prints no registers: a RIP
	 * in its report is the task an interrupt's report interrupted
	 * (after "</IRQ>"), not the undefined operation.
	 */
	[CRASH_UBSAN] = { FAULT_IGNORED, STACK_FIRST },
	/*
	 * An RCU stall is printed from the timer interrupt that noticed it:
	 * the stalled code is below the interrupt entry.
	 */
	[CRASH_RCU_STALL] = { FAULT_FIRST, STACK_AFTER_TIMER_IRQ },
	/*
	 * Every other kind is FAULT_FIRST/STACK_FIRST: WARN/BUG/oops at the
	 * RIP or the header's function; KASAN/KMSAN/KFENCE/UBSAN at the
	 * access site's first non-instrumentation frame; refcount_t and list
	 * corruption at the caller of refcount_warn_saturate() and
	 * __list_*_valid() (both infrastructure); stalls and lockups at the
	 * RIP unless it is a lock primitive.
	 */
};

/*
 * Lockdep's report functions: they print the acquiring stack's report,
 * so they head that stack, after the chain stacks.
 */
static const char *const lockdep_reporters[] = {
	"print_circular_bug",	     "print_usage_bug",
	"print_deadlock_bug",	     "print_bad_irq_dependency",
	"print_irq_inversion_bug",   "print_unlock_imbalance_bug",
	"print_held_locks_bug",	     "print_lock_nested_lock_not_held",
	"print_freed_lock_bug",	     "print_lock_invalid_wait_context",
	"print_lock_contention_bug", "lockdep_rcu_suspicious",
};

static bool is_one_of(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(name, list[i]) == 0)
			return true;
	}
	return false;
}

/*
 * x86's (asm_)sysvec_apic_timer_interrupt and apic_timer_interrupt,
 * arm64's el1h_64_irq: the frames after the last of them are the
 * interrupted task's.
 */
static size_t after_timer_irq(const struct crash_record *rec)
{
	size_t at = 0;
	for (size_t i = 0; i < rec->frames.size; i++) {
		const char *n = rec->frames.data[i].normalized;
		if (n && (strstr(n, "apic_timer_interrupt") ||
			  strncmp(n, "el1h_64_irq", 11) == 0))
			at = i + 1;
	}
	return at < rec->frames.size ? at : 0;
}

/* The frame after the last lockdep report function, or 0. */
static size_t after_lockdep_report(const struct crash_record *rec)
{
	size_t after = 0;
	for (size_t i = 0; i < rec->frames.size; i++) {
		const struct frame *f = &rec->frames.data[i];
		if (f->reliable && f->normalized &&
		    is_one_of(f->normalized, lockdep_reporters,
			      ARRAY_SIZE(lockdep_reporters)))
			after = i + 1;
	}
	return after;
}

static size_t stack_start(const struct crash_record *rec,
			  const struct kind_rule *rule)
{
	// In any kind: a lockdep report printed inside another.
	size_t after_report = after_lockdep_report(rec), last_acquire = 0;
	bool acquire = false;
	for (size_t i = 0; i < rec->frames.size; i++) {
		const struct frame *f = &rec->frames.data[i];
		if (!f->reliable || !f->normalized)
			continue;
		if (strcmp(f->normalized, "lock_acquire") == 0 ||
		    strcmp(f->normalized, "__lock_acquire") == 0) {
			last_acquire = i;
			acquire = true;
		}
	}
	if (after_report)
		return after_report;
	if (rule->stack == STACK_ACQUIRING && acquire)
		return last_acquire;
	if (rule->stack == STACK_AFTER_TIMER_IRQ)
		return after_timer_irq(rec);
	return 0;
}

/*
 * Infrastructure, or a bare address ("[<0000000000000000>] 0x0" after
 * "Preemption disabled at:"): a name that says nothing is never the story.
 */
static bool frame_is_infra(enum crash_kind kind, const struct frame *f)
{
	if (f->normalized && strncmp(f->normalized, "0x", 2) == 0)
		return true;
	return f->normalized && infra_frame_group(kind, f->normalized);
}

/*
 * Waits every task can end up in behind one holder: the RTNL mutex and
 * the RCU grace periods.  A task hung there names the wait.
 */
static const char *const hung_anchors[] = {
	"^rtnl_lock",	      "^__rtnl_lock",	     "^synchronize_rcu",
	"^synchronize_srcu",  "^__synchronize_srcu", "^synchronize_net",
	"^synchronize_sched",
};

/* "^name": names that start with name; "name": names that contain it. */
static bool name_matches(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; name && i < n; i++) {
		const char *a = list[i];
		if (a[0] == '^' ? strncmp(name, a + 1, strlen(a + 1)) == 0 :
				  strstr(name, a) != NULL)
			return true;
	}
	return false;
}

static long pick_hung(const struct crash_record *rec, size_t start)
{
	for (size_t i = start; i < rec->frames.size; i++) {
		const struct frame *f = &rec->frames.data[i];
		if (f->reliable && name_matches(f->normalized, hung_anchors,
						ARRAY_SIZE(hung_anchors)))
			return (long)i;
	}
	return -3;
}

void guilty_choose(struct crash_record *rec)
{
	static const struct kind_rule plain;
	const struct kind_rule *rule =
		rec->kind < CRASH_KIND_COUNT ? &kind_rules[rec->kind] : &plain;
	bool fault = rec->has_fault && rec->fault.normalized &&
		     (rule->fault == FAULT_FIRST ||
		      (rule->fault == FAULT_WITHOUT_STACK &&
		       !after_lockdep_report(rec)));
	long picked = rule->pick == PICK_HUNG ?
			      pick_hung(rec, stack_start(rec, rule)) :
			      -3;
	if (picked != -3) {
		rec->guilty = picked;
		return;
	}
	if (fault && !frame_is_infra(rec->kind, &rec->fault)) {
		rec->guilty = -2;
		return;
	}
	size_t start = stack_start(rec, rule);
	// Reliable frames first: "? " frames are stack-scan guesses.
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = start; i < rec->frames.size; i++) {
			const struct frame *f = &rec->frames.data[i];
			if ((pass == 0 && !f->reliable) ||
			    frame_is_infra(rec->kind, f))
				continue;
			rec->guilty = i;
			return;
		}
	}
	/*
	 * All infrastructure (a kthread idling in its wait loop, a trace cut
	 * after the lock primitive): an infrastructure name still tells more
	 * than none.  The fault site, else the stack's first frame (reliable
 * first) that is not the report printer's.
	 */
	if (fault) {
		rec->guilty = -2;
		return;
	}
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = start; i < rec->frames.size; i++) {
			const struct frame *f = &rec->frames.data[i];
			const struct infra_group *g =
				infra_frame_group(rec->kind, f->normalized);
			if ((pass == 1 || f->reliable) &&
			    (!g || strcmp(g->area, "reporting") != 0) &&
			    !(f->normalized &&
			      strncmp(f->normalized, "0x", 2) == 0)) {
				rec->guilty = i;
				return;
			}
		}
	}
	rec->guilty = -1;
}
