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
	/** "WARNING in f", or "WARNING: ODEBUG bug in f". */
	SYZ_WARNING,
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
	[CRASH_NULL_DEREF] = { "BUG: unable to handle kernel NULL pointer dereference",
			       SYZ_PLAIN },
	[CRASH_PAGING_REQUEST] = { "BUG: unable to handle kernel paging request",
				   SYZ_PLAIN },
	[CRASH_GPF] = { "general protection fault", SYZ_PLAIN },
	[CRASH_BUG] = { "kernel BUG", SYZ_PLAIN },
	[CRASH_WARNING] = { "WARNING", SYZ_WARNING },
	[CRASH_BAD_PAGE] = { "BUG: Bad page state", SYZ_PLAIN },
	[CRASH_KASAN] = { "KASAN", SYZ_ACCESS },
	[CRASH_UBSAN] = { "UBSAN", SYZ_TYPE },
	[CRASH_SOFT_LOCKUP] = { "BUG: soft lockup", SYZ_PLAIN },
	[CRASH_HARD_LOCKUP] = { "watchdog: hard LOCKUP", SYZ_PLAIN },
	[CRASH_RCU_STALL] = { "INFO: rcu detected stall", SYZ_PLAIN },
	[CRASH_HUNG_TASK] = { "INFO: task hung", SYZ_PLAIN },
	[CRASH_PANIC] = { "kernel panic", SYZ_PANIC },
	[CRASH_LOCKDEP_DEADLOCK] = { "possible deadlock", SYZ_PLAIN },
	[CRASH_LOCKDEP_INCONSISTENT] = { "inconsistent lock state", SYZ_PLAIN },
	[CRASH_SUSPICIOUS_RCU] = { "WARNING: suspicious RCU usage", SYZ_PLAIN },
	[CRASH_HELD_LOCK_FREED] = { "WARNING: held lock freed", SYZ_PLAIN },
	[CRASH_BAD_UNLOCK] = { "WARNING: bad unlock balance", SYZ_PLAIN },
	[CRASH_LOCK_LEAK] = { "WARNING: lock held when returning to user space",
			      SYZ_PLAIN },
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
	[CRASH_BAD_PAGE_MAP] = { "BUG: Bad page map", SYZ_PLAIN },
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
		if (strncmp(p, " / ", 3) != 0)
			break;
		fputs(" / ", f);
		p += 3;
	}
	_cleanup_error_ struct pgr_error *err = memstream_close(f, &out);
	return out;
}

/* "BUG: spinlock lockup suspected on CPU#0" -> "lockup". */
static size_t spinlock_what(const char *head, const char **ret)
{
	const char *p = head ? strstr(head, "spinlock ") : NULL;
	if (!p)
		return 0;
	p += 9;
	size_t n = strcspn(p, ",");
	const char *on = strstr(p, " on CPU");
	if (on && (size_t)(on - p) < n)
		n = on - p;
	if (n > 10 && strncmp(p + n - 10, " suspected", 10) == 0)
		n -= 10;
	*ret = p;
	return n;
}

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
		fprintf(f, ": %.*s", (int)n, type);
		// KFENCE prints the access in its type ("use-after-free
		// read"); KASAN on the next line.
		if (k->form == SYZ_ACCESS && rec->kind == CRASH_KASAN &&
		    access_word(rec->message))
			fprintf(f, " %s", access_word(rec->message));
		return;
	case SYZ_SPINLOCK:
		fputs(k->prefix, f);
		if ((n = spinlock_what(rec->headline, &type)))
			fprintf(f, " %.*s", (int)n, type);
		return;
	case SYZ_WARNING:
		if (rec->message && strncmp(rec->message, "ODEBUG:", 7) == 0)
			fputs("WARNING: ODEBUG bug", f);
		else
			fputs(k->prefix, f);
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
		fprintf(f, " in %s", g->normalized);
	struct pgr_error *err = memstream_close(f, &out);
	if (err)
		return err;
	if (titled)
		rec->syz_title = record_strdup(rec, out);
	free(out);
	return !titled || rec->syz_title ? NULL : &pgr_enomem;
}
