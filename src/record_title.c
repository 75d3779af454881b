// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * syz_title: the title syzbot's dashboard gives a report, so that a
 * record can be looked up on syzbot and its mailing-list threads.  The
 * forms are those of the titles of syzbot's reports ("KASAN:
 * slab-use-after-free Read in f", "possible deadlock in f", "INFO: task
 * hung in f", "WARNING: refcount bug in f", "KCSAN: data-race in f / g",
 * "unregister_netdevice: waiting for DEV to become free"): a prefix per
 * kind, the bug type the header names where syzbot keeps it, and the
 * guilty function.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "error.h"
#include "record.h"
#include "util.h"

/* The form of each kind: X(kind, prefix, how the prefix is extended). */
enum syz_form {
	/** "<prefix> in f" */
	SYZ_PLAIN,
	/** No function: syzbot's title is the prefix alone. */
	SYZ_BARE,
	/** "<tool>: <type as printed>[ Read|Write] in f" (KASAN, KFENCE). */
	SYZ_ACCESS,
	/** "<tool>: <type as printed> in f" (UBSAN, KMSAN). */
	SYZ_TYPE,
	/** The header's own "f / g" (KCSAN). */
	SYZ_HEADER,
	/** "BUG: spinlock <what> in f" */
	SYZ_SPINLOCK,
	/** "BUG: <what> in f" ("INFO: <what>") from the header, for no kind. */
	SYZ_OTHER_BUG,
	/** "WARNING in f", or "WARNING: <checker> bug in f" by the header's file. */
	SYZ_WARNING,
	/**
	 * "<word>: <prefix> in f", the word the header starts with: lockdep
	 * said "INFO:" before 4.11 and says "WARNING:" or "BUG:" now, and
	 * syzbot keeps the word.
	 */
	SYZ_HEADER_WORD,
	/** "INFO: task hung in f" or "INFO: task can't die in f". */
	SYZ_HUNG,
	/** "BUG: unable to handle kernel <what> in f", what from the header. */
	SYZ_FAULT,
	/** "kernel panic: <message>" */
	SYZ_PANIC,
	/** By header: stack guard page or stack overflow. */
	SYZ_STACK,
	/** No syzbot title (a bare stack listing). */
	SYZ_NONE,
};

struct syz_kind {
	const char *prefix;
	enum syz_form form;
};

static const struct syz_kind syz_kinds[CRASH_KIND_COUNT] = {
	[CRASH_UNKNOWN] = { NULL, SYZ_NONE },
	[CRASH_NULL_DEREF] = { "NULL pointer dereference", SYZ_FAULT },
	[CRASH_PAGING_REQUEST] = { "paging request", SYZ_FAULT },
	[CRASH_GPF] = { "general protection fault", SYZ_PLAIN },
	[CRASH_BUG] = { "kernel BUG", SYZ_WARNING },
	[CRASH_WARNING] = { "WARNING", SYZ_WARNING },
	[CRASH_BAD_PAGE] = { "BUG: Bad page state", SYZ_PLAIN },
	[CRASH_KASAN] = { "KASAN", SYZ_ACCESS },
	[CRASH_UBSAN] = { "UBSAN", SYZ_TYPE },
	[CRASH_SOFT_LOCKUP] = { "BUG: soft lockup", SYZ_PLAIN },
	[CRASH_HARD_LOCKUP] = { "watchdog: hard LOCKUP", SYZ_PLAIN },
	[CRASH_RCU_STALL] = { "INFO: rcu detected stall", SYZ_PLAIN },
	[CRASH_HUNG_TASK] = { "INFO: task hung", SYZ_HUNG },
	[CRASH_PANIC] = { "kernel panic", SYZ_PANIC },
	[CRASH_LOCKDEP_DEADLOCK] = { "possible deadlock", SYZ_PLAIN },
	[CRASH_LOCKDEP_INCONSISTENT] = { "inconsistent lock state", SYZ_PLAIN },
	[CRASH_SUSPICIOUS_RCU] = { "suspicious RCU usage", SYZ_HEADER_WORD },
	[CRASH_HELD_LOCK_FREED] = { "held lock freed", SYZ_HEADER_WORD },
	[CRASH_BAD_UNLOCK] = { "bad unlock balance", SYZ_HEADER_WORD },
	[CRASH_LOCK_LEAK] = { "lock held when returning to user space",
			      SYZ_HEADER_WORD },
	[CRASH_KMSAN] = { "KMSAN", SYZ_TYPE },
	[CRASH_KCSAN] = { "KCSAN", SYZ_HEADER },
	[CRASH_KFENCE] = { "KFENCE", SYZ_ACCESS },
	[CRASH_KMEMLEAK] = { "memory leak", SYZ_PLAIN },
	[CRASH_SLEEP_INVALID] = { "BUG: sleeping function called from invalid context",
				  SYZ_PLAIN },
	[CRASH_SCHED_ATOMIC] = { "BUG: scheduling while atomic", SYZ_PLAIN },
	[CRASH_REFCOUNT] = { "WARNING: refcount bug", SYZ_PLAIN },
	[CRASH_LIST_CORRUPTION] = { "BUG: corrupted list", SYZ_PLAIN },
	[CRASH_SPINLOCK] = { "BUG: spinlock", SYZ_SPINLOCK },
	[CRASH_WQ_LOCKUP] = { "BUG: workqueue lockup", SYZ_BARE },
	[CRASH_NETDEV_WAIT] = { "unregister_netdevice: waiting for DEV to become free",
				SYZ_BARE },
	[CRASH_STACK_PROTECTOR] = { "kernel panic: stack is corrupted",
				    SYZ_PLAIN },
	[CRASH_STACK_OVERFLOW] = { "kernel stack overflow", SYZ_STACK },
	[CRASH_DIVIDE_ERROR] = { "divide error", SYZ_PLAIN },
	[CRASH_INVALID_OPCODE] = { "invalid opcode", SYZ_PLAIN },
	// print_bad_pte() prints the page table, not a stack of the mapper.
	[CRASH_BAD_PAGE_MAP] = { "BUG: Bad page map", SYZ_BARE },
	[CRASH_BAD_RSS] = { "BUG: Bad rss-counter state", SYZ_BARE },
	[CRASH_OTHER] = { NULL, SYZ_OTHER_BUG },
};

/*
 * The words of @p head after @p tool up to " in " or the end:
 * "BUG: KASAN: slab-use-after-free in f+0x1/0x2" -> "slab-use-after-free".
 */
static bool header_type(const char *head, const char *tool, const char **ret,
			size_t *len_ret)
{
	const char *p = head ? strstr(head, tool) : NULL;
	if (!p)
		return false;
	p += strlen(tool);
	while (*p == ' ')
		p++;
	const char *e = strstr(p, " in ");
	size_t n = e ? (size_t)(e - p) : strlen(p);
	while (n && (p[n - 1] == ' ' || p[n - 1] == ':'))
		n--;
	*ret = p;
	*len_ret = n;
	return n > 0;
}

/* KCSAN's "data-race in f+0x1/0x2 / g": functions without suffixes. */
static char *kcsan_title(const char *head)
{
	const char *type;
	size_t tlen;
	if (!header_type(head, "KCSAN:", &type, &tlen))
		return NULL;
	const char *p = strstr(type + tlen, " in ");
	if (!p)
		return NULL;
	p += 4;
	char *out = NULL;
	size_t olen = 0;
	FILE *f = open_memstream(&out, &olen);
	if (!f)
		return NULL;
	fprintf(f, "KCSAN: %.*s in ", (int)tlen, type);
	while (*p) {
		size_t n = strcspn(p, " +");
		fprintf(f, "%.*s", (int)function_normalized_len(p, n), p);
		p += n;
		p += strcspn(p, " ");
		// A module's function: "f [irdma] / g [irdma]", as printed.
		if (strncmp(p, " [", 2) == 0 && strchr(p, ']')) {
			size_t m = strchr(p, ']') - p + 1;
			fprintf(f, "%.*s", (int)m, p);
			p += m;
		}
		if (strncmp(p, " / ", 3) != 0)
			break;
		fputs(" / ", f);
		p += 3;
	}
	_cleanup_error_ struct pgr_error *err = memstream_close(f, &out);
	return out;
}

/*
 * "BUG: spinlock lockup suspected on CPU#0, a/1" -> "spinlock lockup
 * suspected"; "BUG: rwlock wrong owner on CPU#1" -> "rwlock wrong owner"
 * (lib/spinlock_debug.c's spin_dump() and rwlock_bug()).
 */
static size_t spinlock_what(const char *head, const char **ret)
{
	const char *p = head ? strstr(head, "BUG: ") : NULL;
	if (!p)
		return 0;
	p += 5;
	size_t n = strcspn(p, ",");
	const char *on = strstr(p, " on CPU");
	if (on && (size_t)(on - p) < n)
		n = on - p;
	while (n && p[n - 1] == ' ')
		n--;
	*ret = p;
	return n;
}

/*
 * Checkers that report through WARN() or BUG() from their own file: the
 * report is about the caller's misuse of the checked API, and syzbot
 * names it after the checker ("WARNING: ODEBUG bug in f") rather than
 * "WARNING in <checker function>".  @func, if set, must be part of the
 * header's function (mm/ warns about many things; only the allocators'
 * size checks are "kmalloc bugs").
 */
struct checker_title {
	const char *file;
	const char *func;
	const char *warning;
	const char *bug;
};

static const struct checker_title checker_titles[] = {
	// debug_print_object(): an object freed, re-initialised or
	// activated in the wrong state.
	{ "lib/debugobjects.c", NULL, "WARNING: ODEBUG bug", NULL },
	// usercopy_warn()/usercopy_abort(): a copy to or from user space
	// outside its slab object or stack frame.
	{ "mm/usercopy.c", NULL, "WARNING: bad usercopy", "BUG: bad usercopy" },
	// kobject_add_internal() and friends: a kobject misused.
	{ "lib/kobject.c", NULL, "WARNING: kobject bug", NULL },
	// proc_register(): a duplicate /proc entry.
	{ "fs/proc/generic.c", NULL, "WARNING: proc registration bug", NULL },
	// refcount_warn_saturate().
	{ "lib/refcount.c", NULL, "WARNING: refcount bug", NULL },
	// lockdep's DEBUG_LOCKS_WARN_ON() in lock_acquire() and friends.
	{ "kernel/locking/lockdep.c", "lock", "WARNING: locking bug", NULL },
	// __list_*_valid(): BUG_ON(CONFIG_DEBUG_LIST) on a corrupted list.
	{ "lib/list_debug.c", NULL, NULL, "BUG: corrupted list" },
	// __vmalloc_node_range()'s warning about a zero size.
	{ "mm/vmalloc.c", "__vmalloc_node", "WARNING: zero-size vmalloc",
	  NULL },
	// kmalloc_large(), __kmalloc_node() and krealloc(): a size over
	// KMALLOC_MAX_SIZE.
	{ "mm/", "malloc", "WARNING: kmalloc bug", NULL },
};

/* The function the WARNING/BUG header names (" at file:line func+0x"). */
static size_t header_function(const char *head, const char **ret)
{
	const char *p = head ? strstr(head, " at ") : NULL;
	if (!p)
		return 0;
	p = strchr(p + 4, ' ');
	if (!p)
		return 0;
	p++;
	*ret = p;
	return strcspn(p, "+ ");
}

static const char *checker_prefix(const struct crash_record *rec, bool bug)
{
	if (!rec->source_file)
		return NULL;
	const char *fn = NULL;
	size_t fn_len = header_function(rec->headline, &fn);
	for (size_t i = 0;
	     i < sizeof(checker_titles) / sizeof(checker_titles[0]); i++) {
		const struct checker_title *c = &checker_titles[i];
		size_t n = strlen(c->file);
		bool dir = c->file[n - 1] == '/';
		if (dir ? strncmp(rec->source_file, c->file, n) != 0 :
			  strcmp(rec->source_file, c->file) != 0)
			continue;
		if (c->func &&
		    !(fn && memmem(fn, fn_len, c->func, strlen(c->func))))
			continue;
		if (bug ? c->bug : c->warning)
			return bug ? c->bug : c->warning;
	}
	return NULL;
}

/* "BUG: held lock freed!" -> "BUG"; "[ INFO: ... ]" -> "INFO". */
static const char *header_word(const char *head)
{
	if (head && strncmp(head, "[ ", 2) == 0)
		head += 2;
	if (!head)
		return "WARNING";
	if (strncmp(head, "BUG:", 4) == 0)
		return "BUG";
	if (strncmp(head, "INFO:", 5) == 0)
		return "INFO";
	return "WARNING";
}

/*
 * x86's "BUG: unable to handle kernel NULL pointer dereference at ..." and
 * "BUG: kernel NULL pointer dereference, address: ..."; arm64's "Unable
 * to handle kernel paging request at virtual address ..." and "Unable to
 * handle kernel access to user memory outside uaccess routines".
 */
static void put_fault_prefix(FILE *f, const struct crash_record *rec,
			     const char *what)
{
	const char *h = rec->headline;
	static const char arm[] = "Unable to handle kernel ";
	if (h && strncmp(h, arm, sizeof(arm) - 1) == 0 &&
	    strncmp(h + sizeof(arm) - 1, "access to user memory", 21) == 0)
		what = "access to user memory";
	fprintf(f, "BUG: unable to handle kernel %s", what);
}

/*
 * Headers of no kind of their own whose title is not their text: the
 * arm and arm64 trap handlers' die() messages (the details after the
 * colon are an ESR or FSR value), x86's #SS and #DF, and lockdep's
 * wait-context check, which amd64 reports as a lockdep WARN and arm64
 * under its own header (syzbot gives both one title).
 */
static const struct {
	const char *header;
	const char *title;
} trap_titles[] = {
	{ "Internal error:", "Internal error" },
	{ "Unhandled fault:", "Unhandled fault" },
	{ "Alignment trap:", "Alignment trap" },
	{ "stack segment:", "stack segment fault" },
	{ "PANIC: double fault", "PANIC: double fault" },
	{ "BUG: Invalid wait context", "WARNING: locking bug" },
};

/*
 * "BUG: using smp_processor_id() in preemptible [00000000] code: a/1"
 * -> "BUG: using smp_processor_id() in preemptible code"; "BUG: Dentry
 * 00000000a14a6845{i=c,n=file}  still in use (1) [unmount of tmpfs
 * tmpfs]" -> "BUG: Dentry still in use".  Hex words and bracketed or
 * parenthesised details differ between crashes of one bug; syzbot drops
 * them.
 */
static bool other_bug_prefix(FILE *f, const char *head)
{
	// Lockdep brackets some: "[ BUG: Invalid wait context ]".
	bool bracket = head && strncmp(head, "[ ", 2) == 0;
	if (bracket)
		head += 2;
	for (size_t i = 0;
	     head && i < sizeof(trap_titles) / sizeof(trap_titles[0]); i++) {
		if (strncmp(head, trap_titles[i].header,
			    strlen(trap_titles[i].header)) == 0) {
			fputs(trap_titles[i].title, f);
			return true;
		}
	}
	if (!head ||
	    (strncmp(head, "BUG: ", 5) != 0 && strncmp(head, "INFO: ", 6) != 0))
		return false;
	const char *p = strchr(head, ' ') + 1;
	size_t end = strcspn(p, bracket ? ":]" : ":");
	fprintf(f, "%.*s", (int)(p - head - 1), head);
	for (size_t i = 0; i < end;) {
		while (i < end && p[i] == ' ')
			i++;
		size_t n = strcspn(p + i, " ");
		if (i + n > end)
			n = end - i;
		const char *w = p + i;
		// "[unmount of ext4 sda]", "(1)": to the closing bracket.
		if (n && (w[0] == '[' || w[0] == '(')) {
			const char *c = memchr(w, w[0] == '[' ? ']' : ')',
					       end - i);
			i = c ? (size_t)(c - p) + 1 : end;
			continue;
		}
		// "00000000a14a6845{i=c,n=file}", "ffff8880".
		bool id = strspn(w, "0123456789abcdefx") >= 8 ||
			  memchr(w, '{', n) != NULL;
		if (n && !id)
			fprintf(f, " %.*s", (int)n, w);
		i += n;
	}
	return true;
}

static const char *access_word(const char *message)
{
	if (!message)
		return NULL;
	if (strncmp(message, "Read of size", 12) == 0 ||
	    strncmp(message, "Use-after-free read", 19) == 0 ||
	    strncmp(message, "Out-of-bounds read", 18) == 0)
		return "Read";
	if (strncmp(message, "Write of size", 13) == 0 ||
	    strncmp(message, "Use-after-free write", 20) == 0 ||
	    strncmp(message, "Out-of-bounds write", 19) == 0)
		return "Write";
	return NULL;
}

static void put_prefix(FILE *f, const struct crash_record *rec,
		       const struct syz_kind *k)
{
	const char *type;
	size_t n;
	switch (k->form) {
	case SYZ_ACCESS:
	case SYZ_TYPE:
		fputs(k->prefix, f);
		if (!header_type(rec->headline,
				 rec->kind == CRASH_KASAN  ? "KASAN:" :
				 rec->kind == CRASH_KFENCE ? "KFENCE:" :
				 rec->kind == CRASH_KMSAN  ? "KMSAN:" :
							     "UBSAN:",
				 &type, &n))
			return;
		// "double-free or invalid-free", "double-free": syzbot
		// keeps one bug for them.
		if (rec->kind == CRASH_KASAN &&
		    ((n == 27 &&
		      strncmp(type, "double-free or invalid-free", n) == 0) ||
		     (n == 11 && strncmp(type, "double-free", n) == 0))) {
			fputs(": invalid-free", f);
			return;
		}
		// Before 5.4's "UBSAN: <check> in": "UBSAN: Undefined
		// behaviour in file:line".
		if (rec->kind == CRASH_UBSAN && n == 19 &&
		    strncmp(type, "Undefined behaviour", 19) == 0) {
			fputs(": undefined-behaviour", f);
			return;
		}
		fprintf(f, ": %.*s", (int)n, type);
		// KFENCE prints the access in its type ("use-after-free
		// read"); KASAN on the next line.
		if (k->form == SYZ_ACCESS && rec->kind == CRASH_KASAN &&
		    access_word(rec->message))
			fprintf(f, " %s", access_word(rec->message));
		return;
	case SYZ_SPINLOCK:
		if ((n = spinlock_what(rec->headline, &type)))
			fprintf(f, "BUG: %.*s", (int)n, type);
		else
			fputs(k->prefix, f);
		return;
	case SYZ_WARNING: {
		const char *c = checker_prefix(rec, rec->kind == CRASH_BUG);
		if (!c && rec->message &&
		    strncmp(rec->message, "ODEBUG:", 7) == 0)
			c = "WARNING: ODEBUG bug";
		fputs(c ? c : k->prefix, f);
		return;
	}
	case SYZ_HUNG:
		// check_hung_task() since 5.x also reports a task killed but
		// stuck: "INFO: task a:1 can't die for more than 143 seconds."
		fputs(rec->headline && strstr(rec->headline, "can't die") ?
			      "INFO: task can't die" :
			      k->prefix,
		      f);
		return;
	case SYZ_HEADER_WORD:
		fprintf(f, "%s: %s", header_word(rec->headline), k->prefix);
		return;
	case SYZ_FAULT:
		put_fault_prefix(f, rec, k->prefix);
		return;
	case SYZ_STACK:
		if (rec->headline && strstr(rec->headline, "guard page"))
			fputs("BUG: stack guard page was hit", f);
		else if (rec->headline &&
			 strstr(rec->headline, "corrupted stack end"))
			fputs("kernel panic: corrupted stack end", f);
		else
			fputs(k->prefix, f);
		return;
	default:
		fputs(k->prefix, f);
		return;
	}
}

/*
 * A task hung in any of the RCU grace-period waits waits for one thing:
 * syzbot gives them one title, "INFO: task hung in synchronize_rcu".
 */
static const char *title_function(const struct crash_record *rec,
				  const struct frame *g)
{
	const char *n = g->normalized;
	if (rec->kind == CRASH_HUNG_TASK &&
	    (strncmp(n, "synchronize_", 12) == 0 ||
	     strcmp(n, "__synchronize_srcu") == 0))
		return "synchronize_rcu";
	return n;
}

struct pgr_error *crash_record_syz_title(struct crash_record *rec)
{
	const struct syz_kind *k = rec->kind < CRASH_KIND_COUNT ?
					   &syz_kinds[rec->kind] :
					   &syz_kinds[CRASH_UNKNOWN];
	char *out = NULL;
	size_t olen = 0;
	rec->syz_title = NULL;
	if (k->form == SYZ_NONE)
		return NULL;
	if (k->form == SYZ_HEADER) {
		out = kcsan_title(rec->headline);
		if (out) {
			rec->syz_title = record_strdup(rec, out);
			free(out);
			return rec->syz_title ? NULL : &pgr_enomem;
		}
	}
	FILE *f = open_memstream(&out, &olen);
	if (!f)
		return &pgr_enomem;
	bool titled = true;
	if (k->form == SYZ_OTHER_BUG)
		titled = other_bug_prefix(f, rec->headline);
	else if (k->form == SYZ_PANIC)
		fprintf(f, "kernel panic: %s",
			rec->panic_message ? rec->panic_message : "");
	else
		put_prefix(f, rec, k);
	const struct frame *g = crash_record_guilty(rec);
	if (titled && g && k->form != SYZ_BARE && k->form != SYZ_PANIC)
		fprintf(f, " in %s", title_function(rec, g));
	/*
	 * usb_submit_urb()'s warnings (a bad pipe or endpoint type) are
	 * about the driver that built the URB; syzbot names both, so that
	 * the drivers' bugs stay apart: "WARNING in f/usb_submit_urb".
	 */
	const char *fn;
	size_t fn_len;
	if (titled && g && rec->kind == CRASH_WARNING &&
	    (fn_len = header_function(rec->headline, &fn)) == 14 &&
	    strncmp(fn, "usb_submit_urb", 14) == 0 &&
	    strcmp(g->normalized, "usb_submit_urb") != 0)
		fputs("/usb_submit_urb", f);
	struct pgr_error *err = memstream_close(f, &out);
	if (err)
		return err;
	if (titled)
		rec->syz_title = record_strdup(rec, out);
	free(out);
	return !titled || rec->syz_title ? NULL : &pgr_enomem;
}
