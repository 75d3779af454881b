// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Over 700 lines: this is the reader's state machine, where every kind of
 * line (header, registers, trace, modules, page dump, other task) moves
 * the same per-report state; the decoders of single lines (oops_parse.c),
 * the line reader (oops_lines.c), the header classifier (oops_classify.c)
 * and dump_page() (oops_page.c) are apart already.  The frame handlers
 * (frame_line() and its helpers) are the next part to move out.
 */
/*
 * Oops reader: splits a console log into reports and fills one crash
 * record per report.  Lines are classified by literal prefixes first (the
 * per-line fast path); PCRE2 only runs on lines already known to be of a
 * given shape.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "input/oops.h" // IWYU pragma: associated
#include "oops_priv.h"

enum rstate { R_NONE, R_TENTATIVE, R_OPEN, R_TRAILER };
enum dest { DEST_NONE, DEST_MAIN, DEST_TASK, DEST_AUX, DEST_OBJECT };
enum last { LAST_NONE, LAST_PANIC, LAST_FRAME, LAST_MODULES };

// The parser's state for the report being read; the pipeline's struct report
// is what comes out of it.
struct open_report {
	enum rstate state;
	bool has_trace, seen_trace, page_open, kasan_eq, fault_from_warning;
	bool has_caller, timestamps, want_message, has_header;
	/** A lockdep report: its lock stacks are not the trace. */
	bool lockdep;
	/** The header line (header_line) named an inlined function. */
	bool inline_header;
	size_t header_line;
	/** The next ", at:" or frame names the lock site (lockdep). */
	bool lock_site;
	/** The whole paste is indented: by these characters. */
	size_t indent;
	char indent_str[8];
	/** Kind of the WARN/BUG to come ("refcount_t:" line seen). */
	enum crash_kind hint;
	/** A "Modules linked in:" list was read: later ones repeat it. */
	bool modules_done;
	/** Started by a frame, no header before it (a trace pasted alone). */
	bool bare_trace;
	/** Another task's dump_stack() lines are mixed into this report. */
	bool interleaved;
	/** The last frame ended a task's trace. */
	bool outermost;
	/** A "</TASK>" closed the last trace (x86 since 5.16). */
	bool task_end;
	/** Past OOPS_REPORT_MAX_LINES or _TEXT: lines are dropped. */
	bool truncated;
	long caller;
	int quote;
	size_t lines, unknown_run, text_len, text_keep;
	enum dest dest;
	long task, page, object;
	enum frame_context ctx;
	size_t trace_start;
	enum last last;
	/** Line number of the last frame line, for frames of a name only. */
	size_t frame_lineno;
	/** Frames count when the last is an ARM "from" caller, else 0. */
	size_t arm_caller;
};

struct oops_reader {
	FILE *in;
	char *name;
	struct line_reader lr;
	struct oops_regex re;
	char *text;
	struct oops_line cur;
	/** Physical line number of the end of @c cur. */
	size_t lineno;
	/**
	 * A line read to see whether it continues @c cur (mail wrap) and
	 * that did not: it is the next line.  @c join holds @c cur's text
	 * while that line is read.
	 */
	struct oops_line ahead;
	size_t ahead_lineno;
	bool have_ahead;
	/** First raw byte of the last physical line read, or -1. */
	int first_byte;
	char *join;
	bool replay;
	struct open_report rep;
};

struct pgr_error *oops_reader_create(FILE *in, const char *name,
				     const struct oops_patterns *patterns,
				     struct oops_reader **ret)
{
	_cleanup_(oops_reader_destroyp) struct oops_reader *r =
		calloc(1, sizeof(*r));
	if (!r)
		return &pgr_enomem;
	r->in = in;
	r->name = strdup(name ? name : "-");
	r->text = malloc(OOPS_REPORT_MAX_TEXT + 1);
	r->join = malloc(OOPS_LINE_MAX + 1);
	if (!r->name || !r->text || !r->join)
		return &pgr_enomem;
	struct pgr_error *err = line_reader_init(&r->lr, in, r->name);
	if (err || (err = oops_regex_init(&r->re, patterns)))
		return err;
	*ret = no_cleanup_ptr(r);
	return NULL;
}

void oops_reader_destroy(struct oops_reader *reader)
{
	if (!reader)
		return;
	line_reader_deinit(&reader->lr);
	oops_regex_deinit(&reader->re);
	free(reader->text);
	free(reader->join);
	free(reader->name);
	free(reader);
}

size_t oops_reader_line(const struct oops_reader *reader)
{
	return reader->lineno;
}

enum action { ACT_CONT, ACT_CLOSE, ACT_REPLAY };

static void report_reset(struct open_report *rep)
{
	*rep = (struct open_report){ .task = -1, .page = -1, .object = -1 };
}

static void text_append(struct oops_reader *r, const struct oops_line *l)
{
	struct open_report *rep = &r->rep;
	if (rep->text_len + l->len + 1 > OOPS_REPORT_MAX_TEXT)
		return;
	if (rep->text_len)
		r->text[rep->text_len++] = '\n';
	memcpy(r->text + rep->text_len, l->s, l->len);
	rep->text_len += l->len;
}

static bool set_once(struct crash_record *rec, char **field, const char *s,
		     size_t n)
{
	if (*field)
		return true;
	return (*field = record_strndup(rec, s, n)) != NULL;
}

static bool set_arch(struct crash_record *rec, const char *arch)
{
	if (rec->arch)
		return true;
	return (rec->arch = record_strdup(rec, arch)) != NULL;
}

// The hex number after @key (e.g. "address: ", " at "), if any.
static void address_after(struct crash_record *rec, const char *s,
			  size_t len, const char *key)
{
	const char *p = oops_find(s, len, key);
	uint64_t v;
	if (p && !rec->fault_address.known &&
	    oops_parse_hex(p + strlen(key), NULL, &v))
		rec->fault_address = pgr_u64_of(v);
}

// "file.c:123" or "file.c:123:4" into source_file/line.
static bool set_source(struct crash_record *rec, const char *s, size_t n)
{
	const char *colon = s;
	while ((colon = memchr(colon, ':', s + n - colon)) &&
	       !(colon + 1 < s + n && colon[1] >= '0' && colon[1] <= '9'))
		colon++;
	if (!colon || rec->source_file)
		return true;
	// Some builds print "./include/linux/pagevec.h": same file.
	while (colon - s > 2 && s[0] == '.' && s[1] == '/') {
		s += 2;
		n -= 2;
	}
	rec->source_line = pgr_u64_of(strtoull(colon + 1, NULL, 10));
	return (rec->source_file = record_strndup(rec, s, colon - s)) != NULL;
}

// Fault site from the text after "RIP: 0010:", "pc : ", "NIP ".
static bool set_fault(struct oops_reader *r, struct crash_record *rec,
		      const char *s, size_t len, bool from_warning)
{
	if (rec->has_fault && !r->rep.fault_from_warning)
		return true;
	struct frame_parse fp;
	bool decoded;
	if (!oops_parse_frame(s, len, &fp) &&
	    !(oops_parse_name_frame(s, len, &fp, &decoded) && decoded))
		return true;
	struct frame_vector tmp;
	frame_vector_init(&tmp);
	struct frame *f = oops_store_frame(rec, &tmp, &fp, FRAME_TASK);
	if (f) {
		rec->fault = *f;
		rec->fault.reliable = true;
		rec->has_fault = true;
		r->rep.fault_from_warning = from_warning;
	}
	frame_vector_deinit(&tmp);
	return f != NULL;
}

static bool warning_header(struct oops_reader *r, struct crash_record *rec,
			   const char *s, size_t len)
{
	struct oops_regex *re = &r->re;
	if (!oops_match(re, RE_WARNING, s, len))
		return true;
	const char *g;
	size_t n;
	if (oops_group(re, s, 1, &g, &n))
		rec->cpu = pgr_s64_of(strtoll(g, NULL, 10));
	if (oops_group(re, s, 2, &g, &n))
		rec->pid = pgr_s64_of(strtoll(g, NULL, 10));
	if (oops_group(re, s, 3, &g, &n)) {
		const char *e;
		size_t en;
		oops_group(re, s, 4, &e, &en);
		if (!set_source(rec, g, e + en - g))
			return false;
	}
	if (oops_group(re, s, 5, &g, &n) || oops_group(re, s, 9, &g, &n))
		return set_fault(r, rec, g, s + len - g, true);
	return true;
}

// "[comm:pid]" of soft lockups, "task comm:pid blocked", "by task c/p".
static bool comm_pid(struct crash_record *rec, const char *s, size_t n,
		     char sep)
{
	const char *c = memrchr(s, sep, n);
	if (!c || rec->comm)
		return true;
	char *end;
	long long pid = strtoll(c + 1, &end, 10);
	if (end == c + 1)
		return true;
	rec->pid = pgr_s64_of(pid);
	return (rec->comm = record_strndup(rec, s, c - s)) != NULL;
}

// Lockdep's reports: their lock stacks are not the crash's trace.
static bool is_lockdep(enum crash_kind kind)
{
	switch (kind) {
	case CRASH_LOCKDEP_DEADLOCK:
	case CRASH_LOCKDEP_INCONSISTENT:
	case CRASH_SUSPICIOUS_RCU:
	case CRASH_HELD_LOCK_FREED:
	case CRASH_BAD_UNLOCK:
	case CRASH_LOCK_LEAK:
		return true;
	default:
		return false;
	}
}

// Reports framed by "=====" lines, that print several stacks.
static bool is_kasan_like(const struct crash_record *rec)
{
	switch (rec->kind) {
	case CRASH_KASAN:
	case CRASH_UBSAN:
	case CRASH_KMSAN:
	case CRASH_KCSAN:
	case CRASH_KFENCE:
		return true;
	default:
		return false;
	}
}

static bool ends_inline(const char *s, size_t len)
{
	return len > 8 && memcmp(s + len - 8, "[inline]", 8) == 0;
}

static bool kind_fields(struct oops_reader *r, struct crash_record *rec,
			const char *s, size_t len)
{
	const char *p, *q;
	// "[ BUG: Invalid wait context ]" is lockdep's too, of no kind.
	if (is_lockdep(rec->kind) ||
	    (rec->kind == CRASH_OTHER &&
	     oops_find(s, len, "Invalid wait context"))) {
		r->rep.lockdep = true;
		r->rep.dest = DEST_AUX;
		r->rep.lock_site = false;
	}
	if (STARTS(s, len, "Kernel panic - not syncing")) {
		p = memchr(s, ':', len);
		p = p ? p + 1 + (p[1] == ' ') : s;
		if (!set_once(rec, &rec->message, p, s + len - p) ||
		    !set_once(rec, &rec->panic_message, p, s + len - p))
			return false;
	}
	switch (rec->kind) {
	case CRASH_NULL_DEREF:
	case CRASH_PAGING_REQUEST:
		address_after(rec, s, len, "address: ");
		address_after(rec, s, len, "virtual address ");
		address_after(rec, s, len, "address ");
		address_after(rec, s, len, " at ");
		if (oops_find(s, len, "pointer dereference in virtual kernel"))
			return set_arch(rec, "s390");
		return true;
	case CRASH_GPF:
		address_after(rec, s, len, "address ");
		return true;
	case CRASH_BUG:
		if (!(p = oops_find(s, len, "BUG at ")))
			return true;
		q = memchr(p + 7, '!', s + len - p - 7);
		return set_source(rec, p + 7, (q ? q : s + len) - p - 7);
	case CRASH_WARNING:
		return warning_header(r, rec, s, len);
	case CRASH_UBSAN:
		if (!(p = oops_find(s, len, " in ")))
			return true;
		return set_source(rec, p + 4, s + len - p - 4);
	case CRASH_KASAN:
	case CRASH_KMSAN:
	case CRASH_KFENCE:
		if (!(p = oops_find(s, len, " in ")))
			return true;
		// syzbot symbolizes: "in filemap_fault+0x2818/0x2a70 mm/filemap.c:2559".
		if ((q = memrchr(p + 4, ' ', s + len - p - 4)) &&
		    memchr(q, ':', s + len - q) && !set_source(rec, q + 1, s + len - q - 1))
			return false;
		// An inlined function's header line is followed by the real
		// one, whose function wins.
		return set_fault(r, rec, p + 4, s + len - p - 4,
				 ends_inline(s, len));
	case CRASH_SOFT_LOCKUP:
		if ((p = oops_find(s, len, "CPU#")))
			rec->cpu = pgr_s64_of(strtoll(p + 4, NULL, 10));
		if ((p = memrchr(s, '[', len)) && (q = memrchr(s, ']', len)) &&
		    q > p)
			return comm_pid(rec, p + 1, q - p - 1, ':');
		return true;
	case CRASH_HARD_LOCKUP:
		if ((p = oops_find(s, len, "on cpu ")) ||
		    (p = oops_find(s, len, "on CPU ")))
			rec->cpu = pgr_s64_of(strtoll(p + 7, NULL, 10));
		return true;
	case CRASH_HUNG_TASK:
		p = s + 11; // "INFO: task "
		q = oops_find(s, len, " blocked for");
		return q && q > p ? comm_pid(rec, p, q - p, ':') : true;
	case CRASH_STACK_PROTECTOR:
		// "stack-protector: Kernel stack is corrupted in: f+0x4a/0x50"
		if (!(p = oops_find(s, len, "corrupted in: ")))
			return true;
		return set_fault(r, rec, p + 14, s + len - p - 14, false);
	case CRASH_SLEEP_INVALID:
		if (!(p = oops_find(s, len, "context at ")))
			return true;
		return set_source(rec, p + 11, s + len - p - 11);
	case CRASH_SCHED_ATOMIC:
		// "BUG: scheduling while atomic: kworker/0:1/12/0x00000002"
		p = oops_find(s, len, "atomic: ");
		q = memrchr(s, '/', len);
		if (!p || !q || q < p + 8)
			return true;
		return comm_pid(rec, p + 8, q - p - 8, '/');
	case CRASH_SPINLOCK:
		// "BUG: spinlock lockup suspected on CPU#0, syz/123"
		if ((p = oops_find(s, len, "CPU#")))
			rec->cpu = pgr_s64_of(strtoll(p + 4, NULL, 10));
		if (!(p = oops_find(s, len, ", ")))
			return true;
		return comm_pid(rec, p + 2, s + len - p - 2, '/');
	default:
		return true;
	}
}

/*
 * refcount_t and list debugging report through WARN() and BUG(): the
 * line before the header ("refcount_t: underflow; use-after-free.",
 * "list_del corruption, ...") or the header's own source file names the
 * kind.
 */
static void refine_kind(const struct open_report *rep, struct crash_record *rec)
{
	if (rec->kind != CRASH_WARNING && rec->kind != CRASH_BUG &&
	    rec->kind != CRASH_INVALID_OPCODE && rec->kind != CRASH_OTHER)
		return;
	if (rep->hint != CRASH_UNKNOWN)
		rec->kind = rep->hint;
	else if (rec->source_file && strcmp(rec->source_file,
					    "lib/refcount.c") == 0)
		rec->kind = CRASH_REFCOUNT;
	else if (rec->source_file && strcmp(rec->source_file,
					    "lib/list_debug.c") == 0)
		rec->kind = CRASH_LIST_CORRUPTION;
}

static bool apply_header(struct oops_reader *r, struct crash_record *rec,
			 enum crash_kind kind, const struct oops_line *l)
{
	struct open_report *rep = &r->rep;
	rec->kind = kind;
	rep->state = R_OPEN;
	rep->has_header = true;
	rep->header_line = r->lr.lineno;
	rep->inline_header = ends_inline(l->s, l->len);
	rep->want_message = kind == CRASH_UBSAN || kind == CRASH_WARNING;
	if (l->has_caller) {
		rep->has_caller = true;
		rep->caller = l->caller;
	}
	if (!rec->headline && !(rec->headline = record_strndup(rec, l->s,
							       l->len)))
		return false;
	if (!kind_fields(r, rec, l->s, l->len))
		return false;
	refine_kind(rep, rec);
	return true;
}

static struct frame_vector *dest_vector(struct oops_reader *r,
					struct crash_record *rec)
{
	switch (r->rep.dest) {
	case DEST_MAIN:
		return &rec->frames;
	case DEST_TASK:
		return &rec->tasks.data[r->rep.task].frames;
	case DEST_OBJECT:
		return &rec->object_stacks.data[r->rep.object].frames;
	default:
		return NULL;
	}
}

static void task_fields(struct oops_reader *r, const char *s, size_t len,
			struct task_stack *t, const char **comm,
			size_t *comm_len)
{
	struct oops_regex *re = &r->re;
	const char *g;
	size_t n;
	*comm = NULL;
	if (STARTS(s, len, "NMI backtrace for cpu ")) {
		t->cpu = pgr_s64_of(strtoll(s + 22, NULL, 10));
		return;
	}
	int which = s[0] == '0' ? RE_KDB_TASK :
		    STARTS(s, len, "task:") ? RE_SYSRQ_TASK : RE_SYSRQ_OLD_TASK;
	if (!oops_match(re, which, s, len))
		return;
	if (which == RE_KDB_TASK) {
		oops_group(re, s, 2, &g, &n);
		t->pid = pgr_s64_of(strtoll(g, NULL, 10));
		oops_group(re, s, 5, &g, &n);
		t->cpu = pgr_s64_of(strtoll(g, NULL, 10));
		oops_group(re, s, 6, &g, &n);
		t->state = *g;
		t->crashed = oops_group(re, s, 7, &g, &n) && n == 1;
		oops_group(re, s, 8, comm, comm_len);
		return;
	}
	oops_group(re, s, 1, comm, comm_len);
	oops_group(re, s, 2, &g, &n);
	t->state = *g;
	oops_group(re, s, which == RE_SYSRQ_TASK ? 3 : 4, &g, &n);
	t->pid = pgr_s64_of(strtoll(g, NULL, 10));
}

static bool task_line(struct oops_reader *r, struct crash_record *rec,
		      const char *s, size_t len)
{
	struct open_report *rep = &r->rep;
	struct task_stack t = { 0 };
	const char *comm;
	size_t comm_len;
	task_fields(r, s, len, &t, &comm, &comm_len);
	rep->ctx = FRAME_TASK;
	// The blocked task of a hung-task report: its stack is the trace.
	if (rec->kind == CRASH_HUNG_TASK && rec->frames.size == 0 &&
	    t.pid.known && rec->pid.known && t.pid.value == rec->pid.value) {
		rep->dest = DEST_MAIN;
		return true;
	}
	if (rec->tasks.size >= 1024) {
		rep->dest = DEST_NONE;
		return true;
	}
	struct task_stack *nt = record_add_task(rec);
	if (!nt)
		return false;
	*nt = t;
	if (comm && !(nt->comm = record_strndup(rec, comm, comm_len)))
		return false;
	rep->task = rec->tasks.size - 1;
	rep->dest = DEST_TASK;
	return true;
}

static bool trace_marker(struct oops_reader *r, struct crash_record *rec,
			 const struct oops_line *l)
{
	struct open_report *rep = &r->rep;
	// Only arm64's dump_backtrace() spells it "Call trace:".
	if (STARTS(l->s, l->len, "Call trace:") && !set_arch(rec, "arm64"))
		return false;
	rep->seen_trace = true;
	rep->frame_lineno = r->lineno;
	rep->ctx = FRAME_TASK;
	rep->outermost = false;
	rep->task_end = false;
	if (rep->dest == DEST_TASK &&
	    rec->tasks.data[rep->task].frames.size == 0)
		;
	else if (rec->frames.size == 0)
		rep->dest = DEST_MAIN;
	else
		rep->dest = DEST_NONE;
	struct frame_vector *v = dest_vector(r, rec);
	rep->trace_start = v ? v->size : 0;
	return true;
}

// "<IRQ>", "</IRQ>", "<EOI>", "<NMI>", "<TASK>": returns the text after
// the marker (old kernels put a frame there) or NULL if there is none.
static const char *context_marker(struct open_report *rep, size_t r_lineno,
				  const char *s, const char *end)
{
	static const struct {
		const char *m;
		enum frame_context ctx;
	} marks[] = {
		{ "<IRQ>", FRAME_IRQ },		 { "</IRQ>", FRAME_TASK },
		{ "<EOI>", FRAME_TASK },	 { "<NMI>", FRAME_NMI },
		{ "</NMI>", FRAME_TASK },	 { "<TASK>", FRAME_TASK },
		{ "</TASK>", FRAME_TASK },	 { "<SOFTIRQ>", FRAME_SOFTIRQ },
		{ "</SOFTIRQ>", FRAME_TASK },
	};
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		size_t n = strlen(marks[i].m);
		if ((size_t)(end - s) >= n && memcmp(s, marks[i].m, n) == 0) {
			rep->ctx = marks[i].ctx;
			rep->outermost = false;
			rep->task_end = strcmp(marks[i].m, "</TASK>") == 0;
			rep->frame_lineno = r_lineno;
			return s + n;
		}
	}
	return NULL;
}

// ppc64's "--- interrupt: 700 at func+0x/0x": the frames above it ran in
// the exception handler; the "at" function is the interrupted code.
static bool interrupt_marker(struct oops_reader *r, struct crash_record *rec,
			     const char *s, size_t len)
{
	struct frame_vector *v = dest_vector(r, rec);
	r->rep.outermost = false;
	if (!v)
		return true;
	for (size_t i = r->rep.trace_start; i < v->size; i++) {
		if (v->data[i].context == FRAME_TASK)
			v->data[i].context = FRAME_EXCEPTION;
	}
	r->rep.trace_start = v->size;
	const char *at = oops_find(s, len, " at ");
	struct frame_parse fp;
	if (!at || !oops_parse_frame(at + 4, s + len - at - 4, &fp))
		return true;
	return oops_store_frame(rec, v, &fp, FRAME_TASK) != NULL;
}

// Whether the previous line was a frame or opened a trace.
static bool in_trace(const struct oops_reader *r)
{
	return r->rep.frame_lineno && r->rep.frame_lineno + 1 == r->lineno;
}

// A frame of a name only: inside a trace any (quotes cut offsets and
// "file:line [inline]"), elsewhere in a report decode_stacktrace.sh's
// "serial8250_tx_chars (drivers/tty/serial/8250/8250_port.c:1809)".
static bool bare_name_frame(const struct oops_reader *r, const char *s,
			    size_t len, struct frame_parse *ret)
{
	bool decoded;
	return oops_parse_name_frame(s, len, ret, &decoded) &&
	       (decoded || in_trace(r));
}

// Where a task's trace ends: a frame on the very next line (no context
// marker, no new stack's title between) is another report's, interleaved
// with this one's.  Not ret_from_fork: 6.x returns through
// ret_from_fork_asm, and MIPS prints the thread function after
// ret_from_kernel_thread.
static bool outermost_frame(const struct frame_parse *fp)
{
	static const char *const names[] = {
		"entry_SYSCALL_64_after_hwframe",
		"entry_SYSENTER_compat_after_hwframe",
		"ret_from_fork_asm",
		"ret_from_kernel_user_thread",
		"el0t_64_sync",
		"el0t_32_sync",
		"system_call_vectored_common",
		"start_kernel_thread",
		"secondary_startup_64_no_verify",
		"syscall_call",
		"sysenter_do_call",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strlen(names[i]) == fp->func_len &&
		    !memcmp(names[i], fp->func, fp->func_len))
			return true;
	}
	return false;
}

static void frame_after_outermost(struct open_report *rep,
				  const struct frame_parse *fp, bool adjacent)
{
	if (!fp->func || !fp->reliable || fp->caller.func)
		return;
	if (rep->outermost && adjacent)
		rep->interleaved = true;
	rep->outermost = outermost_frame(fp);
}

static bool frame_line(struct oops_reader *r, struct crash_record *rec,
		       const char *s, size_t len, bool *is_frame)
{
	struct open_report *rep = &r->rep;
	struct frame_parse fp;
	*is_frame = oops_parse_frame(s, len, &fp) ||
		    bare_name_frame(r, s, len, &fp);
	if (!*is_frame)
		return true;
	bool adjacent = in_trace(r);
	rep->last = LAST_FRAME;
	rep->frame_lineno = r->lineno;
	struct frame_vector *v = dest_vector(r, rec);
	// Very old oopses print frames without a "Call Trace:" line, and so
	// does RISC-V before 5.18 (after a fault site, header or not).
	if (!v && rep->dest == DEST_NONE &&
	    (rep->state == R_OPEN ||
	     (rep->state == R_TENTATIVE && rec->has_fault)) &&
	    !rep->seen_trace && rec->frames.size == 0 && rec->tasks.size == 0) {
		rep->dest = DEST_MAIN;
		v = &rec->frames;
	}
	if (!v || v->size >= 1024)
		return true;
	// ARM prints "func from caller": the caller is the next line's
	// func, and after the last line the outermost frame.  It is kept as
	// the last frame until the next line names it again.
	struct frame *last = v->size ? frame_vector_last(v) : NULL;
	if (rep->arm_caller && last && v->size == rep->arm_caller &&
	    last->function && fp.func &&
	    strlen(last->function) == fp.func_len &&
	    !memcmp(last->function, fp.func, fp.func_len))
		v->size--;
	if (v == &rec->frames && !rep->arm_caller)
		frame_after_outermost(rep, &fp, adjacent);
	rep->arm_caller = 0;
	if (!oops_store_frame(rec, v, &fp, rep->ctx))
		return false;
	if (!fp.caller.func || v->size >= 1024)
		return true;
	// Only 32-bit ARM's unwinder prints "f from caller": a report cut
	// before its "PC is at" line still names its architecture.
	if (!set_arch(rec, "arm"))
		return false;
	struct frame_parse cp = {
		.func = fp.caller.func,
		.func_len = fp.caller.func_len,
		.module = fp.caller.module,
		.module_len = fp.caller.module_len,
		.address = fp.caller.address,
		.offset = fp.caller.offset,
		.length = fp.caller.length,
		.reliable = true,
	};
	if (!oops_store_frame(rec, v, &cp, rep->ctx))
		return false;
	rep->arm_caller = v->size;
	return true;
}

// Kernels before 2.6.25 or so print the taint on the fault-site line
// ("EIP:    0060:[<c0123456>]    Not tainted VLI", MIPS "epc ... Not
// tainted").
static bool line_taint(struct crash_record *rec, const char *s, size_t len)
{
	const char *p;
	if (rec->taint)
		return true;
	if (oops_find(s, len, "Not tainted"))
		return (rec->taint = record_strdup(rec, "")) != NULL;
	if (!(p = oops_find(s, len, "Tainted: ")))
		return true;
	// The flags are one character each; i386's "VLI" (a build option)
	// and anything else after a wider gap is not one.
	p += 9;
	const char *q = p, *end = s + len;
	while (q < end && ((*q >= 'A' && *q <= 'Z') || *q == ' ') &&
	       !(end - q >= 4 && !memcmp(q, " VLI", 4)))
		q++;
	return oops_set_taint(rec, p, q - p);
}

// Fault-site lines of each architecture.  Returns false if @l is none.
static bool fault_line(struct oops_reader *r, struct crash_record *rec,
		       const char *s, size_t len, bool *ok)
{
	const char *end = s + len, *p;
	*ok = true;
	// Most lines are frames (a space first): one test for them.
	switch (s[0]) {
	case 'R':
	case 'I':
	case 'E':
	case 'p':
	case 'P':
	case 'N':
	case 'K':
	case 'e':
	case 'l':
	case 'L':
	case 'r':
		break;
	case ' ':
		return STARTS(s, len, " ra : ") && oops_find(s, len, "+0x");
	default:
		return false;
	}
	if (STARTS(s, len, "RIP") || STARTS(s, len, "IP: ")) {
		// "RIP: 0010:func+0x4a/0x1d20", "RIP: 0010:[<ffff>] func",
		// "RIP  [<ffff>] func": skip to after the segment.
		p = s + (s[0] == 'R' ? 3 : 2);
		while (p < end && (*p == ':' || *p == ' '))
			p++;
		if (end - p > 5 && p[4] == ':')
			p += 5;
		// 4.x printed "IP:" on i386 and x86-64 alike: only RIP names
		// the arch.
		*ok = (s[0] != 'R' || set_arch(rec, "x86_64")) &&
		      set_fault(r, rec, p, end - p, false);
		return true;
	}
	if (STARTS(s, len, "EIP")) {
		p = oops_find(s, len, "EIP is at ");
		p = p ? p + 10 : s + 4;
		while (p < end && *p == ' ')
			p++;
		if (end - p > 5 && p[4] == ':')
			p += 5;
		*ok = set_arch(rec, "i386") &&
		      set_fault(r, rec, p, end - p, false) &&
		      line_taint(rec, p, end - p);
		return true;
	}
	if (STARTS(s, len, "pc : ") || STARTS(s, len, "PC is at ")) {
		bool arm64 = s[0] == 'p' && (len < 6 || s[5] != '[');
		*ok = set_arch(rec, arm64 ? "arm64" : "arm") &&
		      set_fault(r, rec, s + (s[0] == 'p' ? 5 : 9),
				len - (s[0] == 'p' ? 5 : 9), false);
		return true;
	}
	if (STARTS(s, len, "NIP [") || STARTS(s, len, "NIP:")) {
		*ok = set_arch(rec, "ppc64") &&
		      (s[3] == ':' ? oops_parse_regs(rec, s, len) :
				     set_fault(r, rec, s + 3, len - 3, false));
		return true;
	}
	if (STARTS(s, len, "epc")) {
		// MIPS: "epc   : ffffffff8012abcd func+0x1/0x2", RISC-V:
		// "epc : func+0x1/0x2" (and a register line "epc : ffff...
		// ra : ffff... sp : ..." after it, which is no fault site).
		p = s + 3;
		size_t spaces = 0;
		while (p < end && *p == ' ')
			p++, spaces++;
		if (p == end || *p != ':')
			return false;
		p++;
		while (p < end && *p == ' ')
			p++;
		const char *q = p;
		if (spaces > 1) {
			uint64_t v;
			if (!oops_parse_hex(p, &q, &v))
				return false;
			while (q < end && *q == ' ')
				q++;
		}
		struct frame_parse fp;
		if (!oops_parse_frame(q, end - q, &fp) || !fp.func)
			return false;
		*ok = set_arch(rec, spaces > 1 ? "mips" : "riscv") &&
		      set_fault(r, rec, q, end - q, false) &&
		      line_taint(rec, q, end - q);
		return true;
	}
	if (STARTS(s, len, "Krnl PSW")) {
		p = memchr(s, '(', len);
		*ok = set_arch(rec, "s390") &&
		      (!p || set_fault(r, rec, p + 1, end - p - 1, false));
		return true;
	}
	return STARTS(s, len, "lr : ") || STARTS(s, len, "LR [") ||
	       STARTS(s, len, "LR is at ") || STARTS(s, len, "ra    : ") ||
	       (STARTS(s, len, " ra : ") && oops_find(s, len, "+0x"));
}

static bool header_fields_line(struct oops_reader *r, struct crash_record *rec,
			       const char *s, size_t len, bool *ok)
{
	const char *p;
	*ok = true;
	switch (s[0]) {
	case 'C':
	case 'P':
	case ' ':
	case '\t':
	case 'H':
	case 'M':
	case 'T':
	case 'N':
	case 'R':
	case 'W':
	case 'K':
	case 'F':
		break;
	default:
		return false;
	}
	if (STARTS(s, len, "CPU: ") || STARTS(s, len, "Pid: ") ||
	    ((s[0] == ' ' || s[0] == '\t') && oops_find(s, len, "ainted"))) {
		bool matched;
		*ok = oops_parse_cpu_line(&r->re, rec, s, len, &matched);
		if (matched || s[0] == 'C')
			return true;
		// Old MIPS and hung-task lines: "        Not tainted" alone.
		*ok = *ok && line_taint(rec, s, len);
		return s[0] != 'P';
	}
	if (STARTS(s, len, "Hardware name: ")) {
		*ok = set_once(rec, &rec->hardware, s + 15, len - 15);
		return true;
	}
	if (STARTS(s, len, "Modules linked in:")) {
		// A second list in one report (an oops while handling an
		// oops, a panic's repeat) names the same modules again.
		if (r->rep.modules_done) {
			r->rep.last = LAST_NONE;
			return true;
		}
		r->rep.modules_done = true;
		r->rep.last = LAST_MODULES;
		*ok = oops_parse_modules(rec, s + 18, len - 18);
		return true;
	}
	if (STARTS(s, len, "Tainted: [")) {
		// 6.11+: "Tainted: [W]=WARN, [O]=OOT_MODULE", below a CPU line
		// that may have been cut.
		if (!rec->taint) {
			char buf[32];
			size_t n = 0;
			for (p = s; (p = memchr(p, '[', s + len - p)) && n < 31;
			     p++) {
				if (p + 2 < s + len && p[2] == ']')
					buf[n++] = p[1];
			}
			*ok = oops_set_taint(rec, buf, n);
		}
		return true;
	}
	if (!rec->taint && (STARTS(s, len, "Not tainted") ||
			    (STARTS(s, len, "Tainted: ") && len < 40)))
		return *ok = line_taint(rec, s, len), true;
	if (STARTS(s, len, "Read of size") || STARTS(s, len, "Write of size")) {
		address_after(rec, s, len, " at addr ");
		if ((p = oops_find(s, len, " by task ")))
			*ok = comm_pid(rec, p + 9, s + len - p - 9, '/');
		*ok = *ok && set_once(rec, &rec->message, s, len);
		return true;
	}
	if (STARTS(s, len, "KASAN: ") && rec->kind == CRASH_GPF) {
		*ok = set_once(rec, &rec->message, s, len);
		return true;
	}
	if (STARTS(s, len, "Failing address: ") ||
	    STARTS(s, len, "Faulting instruction address:")) {
		if (s[1] == 'a')
			address_after(rec, s, len, ": ");
		return true;
	}
	return false;
}

// The number after @key in @s, if any.
static struct pgr_s64 number_after(const char *s, size_t len, const char *key)
{
	const char *p = oops_find(s, len, key);
	char *end;
	if (!p)
		return (struct pgr_s64){ 0 };
	long long v = strtoll(p + strlen(key), &end, 10);
	return end == p + strlen(key) ? (struct pgr_s64){ 0 } : pgr_s64_of(v);
}

/*
 * The history of a sanitizer report's object: KASAN's "Allocated by task
 * 5097 on cpu 1 at 86.2s:" and "Freed by task", KFENCE's lower-case
 * forms, page_owner's "page last allocated via order 0, ..., pid 1" and
 * "page last free pid 1 tgid 1 stack trace:", KMSAN's "Uninit was
 * created at:" and the work-creation and call_rcu stacks.  Each becomes
 * an object stack; its frames are not the crash's trace.
 */
static bool object_stack_line(struct oops_reader *r, struct crash_record *rec,
			      const char *s, size_t len, bool *ok)
{
	static const struct {
		const char *start, *role;
	} heads[] = {
		{ "Allocated by task ", "alloc" },
		{ "allocated by task ", "alloc" },
		{ "page last allocated", "alloc" },
		{ "Freed by task ", "free" },
		{ "freed by task ", "free" },
		{ "page last free", "free" },
		{ "Uninit was created at", "origin" },
		{ "Uninit was stored to memory at", "aux" },
		{ "Last potentially related", "aux" },
		{ "Second to last potentially", "aux" },
		{ "Last call_rcu", "aux" },
		{ "Second to last call_rcu", "aux" },
	};
	*ok = true;
	// Early KFENCE: "kfence-#31 [0x...-0x..., size=32, cache=kmalloc-32]
	// allocated by task 114:".
	const char *k = s[0] == 'k' && STARTS(s, len, "kfence-#") ?
				oops_find(s, len, "] ") :
				NULL;
	if (k && (k[2] == 'a' || k[2] == 'f')) {
		len -= k + 2 - s;
		s = k + 2;
	}
	if (s[0] != 'A' && s[0] != 'a' && s[0] != 'F' && s[0] != 'f' &&
	    s[0] != 'p' && s[0] != 'U' && s[0] != 'L' && s[0] != 'S')
		return false;
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
		if (!oops_starts(s, len, heads[i].start,
				 strlen(heads[i].start)))
			continue;
		if (rec->object_stacks.size >= 64) {
			r->rep.dest = DEST_AUX;
			return true;
		}
		struct task_stack *t =
			record_add_object_stack(rec, heads[i].role);
		if (!t)
			return !(*ok = false);
		t->pid = number_after(s, len, s[0] == 'p' ? "pid " : "task ");
		t->cpu = number_after(s, len, " on cpu ");
		r->rep.object = rec->object_stacks.size - 1;
		r->rep.dest = DEST_OBJECT;
		r->rep.ctx = FRAME_TASK;
		return true;
	}
	return false;
}

// Stacks that are neither the crash's nor an object's: page_owner's
// preamble, lock and workqueue listings.
static bool aux_stack_line(const char *s, size_t len)
{
	static const char *const aux[] = {
		"page_owner tracks",	   "Showing all locks held",
		"Showing busy workqueues", "The buggy address",
	};
	if (s[0] != 'A' && s[0] != 'F' && s[0] != 'L' && s[0] != 'S' &&
	    s[0] != 'p' && s[0] != 'T')
		return false;
	for (size_t i = 0; i < sizeof(aux) / sizeof(aux[0]); i++) {
		if (oops_starts(s, len, aux[i], strlen(aux[i])))
			return true;
	}
	return false;
}

static bool known_line(const char *s, size_t len)
{
	static const char *const known[] = {
		"Code:", "Stack:", "#PF:", "PGD ", "Mem abort info", "ESR ",
		"Data abort info", "Kernel Offset", "CPU features", "Memory Limit",
		"SMP: stopping", "Starting crashdump", "Rebooting in", "---[",
		"Workqueue:", "Sending NMI", "Krnl ", "Last Breaking",
		"Tainted: [", "INFO: lockdep", "Dumping ftrace", "Disabling lock",
		"Memory state around", "Process ", "Thread overran", "note: ",
		"bad because of", "MSR:", "TRAP:", "REGS:", "Instruction dump:",
		"FAR:", "CM =", "SET =", "EA =", "GPR", "Unable to handle",
		"echo 0 >", "\"echo 0", "Oops", "invalid opcode", "Internal error",
		"lock held", "locks held", "FSR", "user pgtable", "swapper pgtable",
		"[0000", "[ffff", "Exception stack", "CFAR:", "IRQMASK:",
		"DAR:", "DSISR:", "Faulting", "ISR:", "Call Trace", "Call trace",
		"Krnl Code", "Preemption disabled", "Task dump", "kasan:",
		"The buggy", "Hardware name", "SError", "Internal error",
		// MIPS show_regs(): "$ 0   : ...", "Hi    : ...".
		"$", "Hi    :", "Lo    :", "Status:", "Cause :", "BadVA :",
		"PrId  :", "Stack :",
		// ARM since 5.x: "Register r0 information: NULL pointer".
		"Register ", "Control:",
	};
	if (s[0] == ' ' || s[0] == '\t')
		return true;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (s[0] == known[i][0] &&
		    oops_starts(s, len, known[i], strlen(known[i])))
			return true;
	}
	// Hex dumps: "ffff888012345600: fa fb fb", "[  12.3] 0: 48 89", ARM's
	// stack "be20: 00000000 c0123456".
	size_t h = strspn(s, "0123456789abcdef");
	return (h >= 8 && (s[h] == ':' || s[h] == ' ')) ||
	       (h >= 4 && s[h] == ':' && s[h + 1] == ' ' &&
		strspn(s + h + 2, "0123456789abcdef") >= 8);
}

// The register names each architecture's show_regs() prints first.
static void reg_arch(struct crash_record *rec, const char *s, size_t len)
{
	static const struct {
		const char *prefix, *arch;
	} names[] = {
		{ "RAX:", "x86_64" },	  { "RSP:", "x86_64" },
		{ "EAX:", "i386" },	  { "ESI:", "i386" },
		{ "x29:", "arm64" },	  { "x28:", "arm64" },
		{ "pstate:", "arm64" },	  { "GPR00:", "ppc64" },
		{ "Krnl GPRS:", "s390" }, { "$ 0   :", "mips" },
		{ "Cause :", "mips" },	  { "Status:", "mips" },
		{ " gp : ", "riscv" },	  { "status: ", "riscv" },
		{ "sepc: ", "riscv" },	  { "r10:", "arm" },
		{ "sp : ", "arm" },	  { "r3 : ", "arm" },
		{ "Flags: ", "arm" },
	};
	if (rec->arch)
		return;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (oops_starts(s, len, names[i].prefix,
				strlen(names[i].prefix))) {
			// arm64 prints "sp : ffff80008a6efa10" alone.
			if (!strcmp(names[i].prefix, "sp : ") &&
			    !oops_find(s, len, "ip : "))
				return;
			set_arch(rec, names[i].arch);
			return;
		}
	}
}

// Registers belong to the crash until the trace starts (syzbot prints
// the user-mode registers after it).
static bool reg_line(struct oops_reader *r, struct crash_record *rec,
		     const char *s, size_t len, bool *ok)
{
	*ok = true;
	struct reg_scan scan;
	if (!oops_is_reg_line(s, len, &scan))
		return false;
	if (r->rep.seen_trace || r->rep.state == R_TRAILER)
		return true;
	reg_arch(rec, s, len);
	*ok = oops_add_regs(rec, &scan, s, len);
	if ((rec->kind == CRASH_NULL_DEREF ||
	     rec->kind == CRASH_PAGING_REQUEST) && !rec->fault_address.known) {
		vector_for_each(struct reg, reg, &rec->regs) {
			if (strcmp(reg->name, "CR2") == 0)
				rec->fault_address = pgr_u64_of(reg->value);
		}
	}
	return true;
}

// Text a mail client moved to the next line.  Returns true if used.
static bool wrapped_line(struct oops_reader *r, struct crash_record *rec,
			 const struct oops_line *l, bool *ok)
{
	struct open_report *rep = &r->rep;
	const char *s = l->s;
	size_t len = l->len;
	*ok = true;
	while (len > 2 && *s == ' ') {
		s++;
		len--;
	}
	// "[xfs]": the module of the frame above, unless an address.
	if (rep->last == LAST_FRAME && len && s[0] == '[' && s[len - 1] == ']' &&
	    len < 64 && !memchr(s, ' ', len) && s[1] != '<' &&
	    !(len >= 8 && strspn(s + 1, "0123456789abcdef") == len - 2)) {
		struct frame_vector *v = dest_vector(r, rec);
		struct frame *f = v ? frame_vector_last(v) : NULL;
		if (f && !f->module)
			*ok = (f->module = record_strndup(rec, s + 1,
							  len - 2)) != NULL;
		return true;
	}
	if (rep->last == LAST_PANIC && rep->timestamps && !l->has_timestamp &&
	    rec->panic_message) {
		char *m = NULL;
		if (asprintf(&m, "%s %s", rec->panic_message, s) < 0)
			return *ok = false, true;
		rec->panic_message = record_strdup(rec, m);
		if (rec->kind == CRASH_PANIC)
			rec->message = rec->panic_message;
		free(m);
		*ok = rec->panic_message != NULL;
		rep->last = LAST_NONE;
		return true;
	}
	return false;
}

static bool page_section(struct oops_reader *r, struct crash_record *rec,
			 const char *s, size_t len, bool start, bool *ok)
{
	struct open_report *rep = &r->rep;
	*ok = true;
	if (start) {
		if (rec->pages.size >= 64)
			return true;
		if (!record_add_page(rec))
			return !(*ok = false);
		rep->page = rec->pages.size - 1;
		rep->page_open = true;
	} else if (!rep->page_open) {
		return false;
	}
	enum page_line pl;
	*ok = oops_page_line(rec, &rec->pages.data[rep->page], s, len, start,
			     &pl);
	if (pl == PAGE_LINE_END || pl == PAGE_LINE_NONE)
		rep->page_open = false;
	return pl != PAGE_LINE_NONE;
}

// Lockdep: the lock the report is about is printed after "is trying to
// acquire lock:" (or "takes:", "just changed the state of lock:" ...)
// -- not for "held lock freed", which is about the code that frees --
// as "ffff888014034fc8 (&q->queue_lock){..-.}-{2:2}, at: f+0xf7/0x1690";
// syzbot's inline lines before it name lock primitives.  That site is
// the report's fault site.
static bool lockdep_line(struct oops_reader *r, struct crash_record *rec,
			 const char *s, size_t len, bool *ok)
{
	static const char *const sites[] = {
		"is trying to acquire", "] takes:", "just changed the state",
		"is trying to lock:",
		"is trying to release lock",
		"is leaving the kernel with locks",
	};
	struct open_report *rep = &r->rep;
	if (STARTS(s, len, "stack backtrace:")) {
		rep->dest = DEST_NONE;
		rep->lock_site = false;
		return true;
	}
	if (rep->dest != DEST_AUX)
		return false;
	for (size_t i = 0; i < sizeof(sites) / sizeof(sites[0]); i++) {
		if (oops_find(s, len, sites[i])) {
			rep->lock_site = !rec->has_fault;
			return true;
		}
	}
	// "5.17.0-syzkaller #0 Not tainted" under the banner.
	const char *sp = memchr(s, ' ', len);
	if (sp && s[0] >= '0' && s[0] <= '9' &&
	    (oops_find(s, len, " Not tainted") ||
	     oops_find(s, len, " Tainted: ")))
		*ok = set_once(rec, &rec->kernel_version, s, sp - s) &&
		      line_taint(rec, s, len);
	if (!rep->lock_site || oops_find(s, len, "[inline]"))
		return false;
	const char *at = oops_find(s, len, " at: ");
	const char *f = at ? at + 5 : s;
	struct frame_parse fp;
	if (!oops_parse_frame(f, s + len - f, &fp) || !fp.offset.known)
		return false;
	rep->lock_site = false;
	*ok = set_fault(r, rec, f, s + len - f, false);
	return true;
}

// KCSAN: "read to 0xffff... of 8 bytes by task 44 on cpu 0:" starts the
// stack of one access: the first is the report's trace, the other
// another task's (the race's other side).
static bool kcsan_access_line(struct oops_reader *r, struct crash_record *rec,
			      const char *s, size_t len, bool *ok)
{
	struct open_report *rep = &r->rep;
	if (s[len - 1] != ':' || !oops_find(s, len, " to 0x") ||
	    !oops_find(s, len, " on cpu ") ||
	    !(STARTS(s, len, "read") || STARTS(s, len, "write") ||
	      STARTS(s, len, "race at")))
		return false;
	rep->ctx = oops_find(s, len, "by interrupt") ? FRAME_IRQ : FRAME_TASK;
	if (rec->frames.size == 0 && rep->dest != DEST_TASK) {
		rep->dest = DEST_MAIN;
		return true;
	}
	if (rec->tasks.size >= 1024) {
		rep->dest = DEST_NONE;
		return true;
	}
	struct task_stack *t = record_add_task(rec);
	if (!t)
		return !(*ok = false);
	t->pid = number_after(s, len, "by task ");
	t->cpu = number_after(s, len, " on cpu ");
	rep->task = rec->tasks.size - 1;
	rep->dest = DEST_TASK;
	return true;
}

// kmemleak: '  comm "modprobe", pid 817, jiffies 4294759745', the hex
// dump, and "  backtrace:" (since 6.8 "backtrace (crc 3a4f1b12):").
static bool kmemleak_line(struct oops_reader *r, struct crash_record *rec,
			  const char *s, size_t len, bool *ok)
{
	const char *q;
	if (STARTS(s, len, "comm \"") &&
	    (q = memchr(s + 6, '"', len - 6))) {
		rec->pid = number_after(s, len, ", pid ");
		*ok = set_once(rec, &rec->comm, s + 6, q - s - 6);
		return true;
	}
	if (STARTS(s, len, "backtrace")) {
		r->rep.seen_trace = true;
		r->rep.ctx = FRAME_TASK;
		r->rep.dest = rec->frames.size == 0 ? DEST_MAIN : DEST_NONE;
		return true;
	}
	// "00 c4 0a 04 81 88 ff ff  ................"
	return STARTS(s, len, "hex dump") ||
	       (len > 24 && strspn(s, "0123456789abcdef ") >= 24);
}

// Lines only some kinds print; @s has its indentation removed.
static bool kind_line(struct oops_reader *r, struct crash_record *rec,
		      const char *s, size_t len, bool *ok)
{
	*ok = true;
	if (!len)
		return false;
	if (r->rep.lockdep)
		return lockdep_line(r, rec, s, len, ok);
	if (rec->kind == CRASH_KCSAN)
		return kcsan_access_line(r, rec, s, len, ok);
	if (rec->kind == CRASH_KMEMLEAK)
		return kmemleak_line(r, rec, s, len, ok);
	return false;
}

// Every non-header line of a report; returns whether it was recognised.
static bool content_line(struct oops_reader *r, struct crash_record *rec,
			 const struct oops_line *l, bool *ok)
{
	struct open_report *rep = &r->rep;
	const char *s = l->s, *end = l->s + l->len;
	size_t len = l->len;
	if (page_section(r, rec, s, len, false, ok))
		return true;
	const char *t = s;
	while (t < end && (*t == ' ' || *t == '\t'))
		t++;
	// The rest of a "Modules linked in:" list a mail client wrapped; any
	// other line ends the list (s390's register rows look like names).
	if (rep->last == LAST_MODULES) {
		const char *m = t == s ? oops_module_flags_tail(t, end) : t;
		if ((m != t && m == end) ||
		    oops_is_module_list(&r->re, m, end - m)) {
			*ok = oops_parse_modules(rec, m, end - m);
			return true;
		}
		rep->last = LAST_NONE;
	}
	if (t < end && *t == '<') {
		const char *rest = context_marker(rep, r->lineno, t, end);
		if (rest) {
			while (rest < end && *rest == ' ')
				rest++;
			bool is_frame;
			if (rest < end)
				*ok = frame_line(r, rec, rest, end - rest,
						 &is_frame);
			return true;
		}
	}
	if (fault_line(r, rec, s, len, ok) ||
	    header_fields_line(r, rec, s, len, ok) ||
	    wrapped_line(r, rec, l, ok))
		return true;
	if (STARTS(t, end - t, "--- interrupt:")) {
		*ok = interrupt_marker(r, rec, t, end - t);
		return true;
	}
	if (object_stack_line(r, rec, s, len, ok) ||
	    kind_line(r, rec, t, end - t, ok))
		return true;
	// s390: the last branch taken, a frame that is no part of the trace.
	if (aux_stack_line(s, len) || STARTS(s, len, "Last Breaking-Event")) {
		rep->dest = DEST_AUX;
		return true;
	}
	// "..." where a quote left frames out: the trace goes on.
	if (in_trace(r) && STARTS(t, end - t, "...")) {
		rep->frame_lineno = r->lineno;
		return true;
	}
	if (oops_find(s, len, "+0x") || oops_find(s, len, "[inline]") ||
	    in_trace(r) || (end > t && end[-1] == ')') ||
	    ((*t == '[' || *t == '(' || *t == '?') && t + 1 < end &&
	     (t[1] == '<' || t[1] == '[' || t[1] == ' ' ||
	      (t[1] >= '0' && t[1] <= '9') || (t[1] >= 'a' && t[1] <= 'f')))) {
		bool is_frame;
		*ok = frame_line(r, rec, s, len, &is_frame);
		if (is_frame)
			return true;
	}
	return reg_line(r, rec, s, len, ok) || known_line(s, len);
}

enum line_result { LR_RELEVANT, LR_UNKNOWN, LR_REPLAY, LR_CLOSE };

// A header-ish line inside an open report.
// __warn() prints a WARN()'s message after the "WARNING:" line where the
// message is not printed before the trap (warn_slowpath_fmt(): every
// architecture before 4.x, and those without __WARN_FLAGS since; 2.6 and
// 3.x put "Hardware name:" in between).  Until the modules or the trace, a
// message that reads like a header ("list_del corruption. ...") is this
// report's, not another's.
static bool warning_message(const struct open_report *rep,
			    const struct crash_record *rec, enum hdr h)
{
	return (h == HDR_START || h == HDR_CONT || h == HDR_HINT) &&
	       rep->state == R_OPEN && rep->want_message && !rec->message &&
	       !rep->has_trace && !rep->seen_trace && !rep->modules_done &&
	       !rec->taint && rec->headline &&
	       STARTS(rec->headline, strlen(rec->headline), "WARNING: ");
}

static enum line_result report_header(struct oops_reader *r,
				      struct crash_record *rec, enum hdr h,
				      enum crash_kind kind,
				      const struct oops_line *l)
{
	struct open_report *rep = &r->rep;
	bool prelude = rep->state == R_TENTATIVE && !rep->has_trace;
	bool ok = true;
	if (warning_message(rep, rec, h)) {
		if (h == HDR_HINT)
			rep->hint = kind;
		rep->want_message = false;
		if (!set_once(rec, &rec->message, l->s, l->len))
			rep->lines = SIZE_MAX;
		return LR_RELEVANT;
	}
	switch (h) {
	case HDR_START:
	case HDR_CONT:
		if (h == HDR_CONT && rep->state == R_OPEN) {
			if (kind == CRASH_GPF && rec->kind == CRASH_GPF &&
			    !set_once(rec, &rec->message, l->s, l->len))
				rep->lines = SIZE_MAX;
			return LR_RELEVANT;
		}
		// syzbot's "BUG: memory leak" heads the first object's report.
		if (kind == CRASH_KMEMLEAK && rec->kind == CRASH_KMEMLEAK &&
		    !rep->seen_trace && rec->headline &&
		    STARTS(rec->headline, strlen(rec->headline),
			   "BUG: memory leak"))
			return LR_RELEVANT;
		// syzbot prints one header line per inlined frame ("BUG:
		// KASAN: use-after-free in memcpy include/... [inline]"), then
		// the real one: one report.
		if (h == HDR_START && kind == rec->kind && rep->inline_header &&
		    rep->header_line + 1 == r->lr.lineno) {
			rep->header_line = r->lr.lineno;
			rep->inline_header = ends_inline(l->s, l->len);
			ok = kind_fields(r, rec, l->s, l->len);
			break;
		}
		if (!prelude)
			return LR_REPLAY;
		ok = apply_header(r, rec, kind, l);
		break;
	case HDR_PANIC:
		if (prelude) {
			ok = apply_header(r, rec, kind, l);
		} else if (!rec->panic_message) {
			const char *p = memchr(l->s, ':', l->len);
			p = p ? p + 1 + (p[1] == ' ') : l->s;
			ok = set_once(rec, &rec->panic_message, p,
				      l->s + l->len - p);
			rep->last = LAST_PANIC;
		}
		break;
	case HDR_END:
		if (!prelude)
			rep->state = R_TRAILER;
		break;
	case HDR_END_PANIC:
		return LR_CLOSE;
	case HDR_HINT:
		if (!prelude)
			return LR_REPLAY;
		rep->hint = kind;
		ok = set_once(rec, &rec->message, l->s, l->len);
		break;
	case HDR_PRELUDE:
		if (l->s[0] == '-')
			return prelude ? LR_RELEVANT : LR_REPLAY;
		if (rep->state == R_TRAILER)
			return LR_REPLAY;
		if (rep->state == R_OPEN && is_kasan_like(rec))
			rep->state = R_TRAILER;
		break;
	case HDR_TRACE:
	case HDR_PAGE:
	case HDR_TASK:
		if (rep->state == R_TRAILER)
			return LR_REPLAY;
		if (h == HDR_PAGE) {
			page_section(r, rec, l->s, l->len, true, &ok);
			break;
		}
		if (rep->state == R_TENTATIVE)
			rep->has_trace = true;
		if (h == HDR_TRACE)
			ok = trace_marker(r, rec, l);
		else
			ok = task_line(r, rec, l->s, l->len);
		break;
	default:
		return LR_UNKNOWN;
	}
	if (!ok)
		r->rep.lines = SIZE_MAX;
	return LR_RELEVANT;
}

static size_t unknown_limit(const struct oops_reader *r,
			    const struct crash_record *rec)
{
	switch (r->rep.state) {
	case R_TRAILER:
		return 3;
	case R_TENTATIVE:
		return 4;
	default:
		// Sanitizer and lockdep reports put prose and lock lists
		// between their stacks.
		return is_kasan_like(rec) || r->rep.lockdep ||
				       rec->kind == CRASH_KMEMLEAK ?
			       64 :
			       12;
	}
}

static enum line_result classify_line(struct oops_reader *r,
				      struct crash_record *rec,
				      const struct oops_line *l, bool *ok)
{
	struct open_report *rep = &r->rep;
	*ok = true;
	enum crash_kind kind;
	if (l->quote != rep->quote) {
		// Another quote starts another report.
		enum hdr h = oops_classify(&r->re, l->s, l->len, &kind);
		return h == HDR_START || h == HDR_PRELUDE ? LR_REPLAY :
							    LR_UNKNOWN;
	}
	enum hdr h = oops_classify(&r->re, l->s, l->len, &kind);
	if (h != HDR_NONE) {
		enum line_result res = report_header(r, rec, h, kind, l);
		*ok = rep->lines != SIZE_MAX;
		return res;
	}
	if (content_line(r, rec, l, ok)) {
		if (rep->last == LAST_PANIC && l->has_timestamp)
			rep->last = LAST_NONE;
		return LR_RELEVANT;
	}
	if (rep->want_message && !rec->message && l->len) {
		rep->want_message = false;
		*ok = set_once(rec, &rec->message, l->s, l->len);
		return LR_RELEVANT;
	}
	return LR_UNKNOWN;
}

// An indented paste of a timestamped log ("\t[17619.659757] BUG: ...",
// "  kernel: BUG: ..."): the prefix reader takes a timestamp only at the
// start of a line.
static void strip_indented_prefix(struct oops_reader *r)
{
	struct oops_line *l = &r->cur;
	bool kernel = STARTS(l->s, l->len, "kernel: ");
	if (l->has_timestamp || l->len < 4 || (l->s[0] != '[' && !kernel))
		return;
	struct oops_line in;
	oops_strip_prefix((char *)l->s, l->len, &in);
	if (!in.has_timestamp && !in.has_caller && !kernel)
		return;
	in.quote = l->quote;
	*l = in;
}

// Past a report's bounds its lines are read and dropped until it ends (its
// end marker) or another report starts: one report, marked truncated, and
// not its tail parsed as a second report of unknown kind.
static enum action truncated_line(struct oops_reader *r)
{
	enum crash_kind kind;
	switch (oops_classify(&r->re, r->cur.s, r->cur.len, &kind)) {
	case HDR_END:
	case HDR_END_PANIC:
		return ACT_CLOSE;
	case HDR_START:
	case HDR_PRELUDE:
		return ACT_REPLAY;
	default:
		return ACT_CONT;
	}
}

enum other { OTHER_NONE, OTHER_NEW, OTHER_MIXED };

// dump_stack()'s "CPU: 1 PID: 42 Comm: x" of another task than the
// report's, where no marker ("NMI backtrace for cpu 1", a task line) and
// no panic (panic() dumps the panicking task, khungtaskd or a watchdog)
// introduced one.  After the report's trace it starts the next report;
// before, the two reports' lines are interleaved (without caller ids to
// tell them apart).
static enum other other_task_line(const struct oops_reader *r,
				  const struct crash_record *rec,
				  const struct oops_line *l)
{
	const struct open_report *rep = &r->rep;
	if (l->s[0] != 'C' || !rec->pid.known || rep->dest == DEST_TASK ||
	    rec->panic_message || rep->lockdep ||
	    !STARTS(l->s, l->len, "CPU: "))
		return OTHER_NONE;
	const char *p = oops_find(l->s, l->len, " PID: ");
	if (!p || !oops_find(l->s, l->len, " Comm: "))
		return OTHER_NONE;
	const char *d = p + 6, *end = l->s + l->len;
	int64_t pid = 0;
	while (d < end && *d >= '0' && *d <= '9' && pid < INT32_MAX)
		pid = pid * 10 + (*d++ - '0');
	if (d == p + 6 || pid == rec->pid.value)
		return OTHER_NONE;
	return rec->frames.size && !in_trace(r) ? OTHER_NEW : OTHER_MIXED;
}

static enum action report_line(struct oops_reader *r,
			       struct crash_record *rec, bool *ok)
{
	struct open_report *rep = &r->rep;
	const struct oops_line *l = &r->cur;
	*ok = true;
	if (rep->truncated)
		return truncated_line(r);
	if (rep->indent && l->len >= rep->indent &&
	    memcmp(l->s, rep->indent_str, rep->indent) == 0) {
		r->cur.s += rep->indent;
		r->cur.len -= rep->indent;
		strip_indented_prefix(r);
	}
	// Another task's or CPU's line printed in the middle of ours; but
	// once our trace has reached its end, another caller's
	// crash header is the next report (a soft lockup or RCU stall that
	// never printed an end marker must not hide the crash that followed).
	if (l->has_caller && rep->has_caller && l->caller != rep->caller) {
		enum crash_kind next_kind;
		if (rep->seen_trace && (rep->outermost || rep->task_end) &&
		    oops_classify(&r->re, l->s, l->len, &next_kind) ==
			    HDR_START)
			return ACT_REPLAY;
		return ACT_CONT;
	}
	// "=====" or "cut here" at the margin, then an indented header: the
	// paste is indented from there on.
	size_t n = strspn(l->s, " \t");
	enum crash_kind kind;
	enum hdr h;
	if (rep->state == R_TENTATIVE && !rep->has_header && n > 0 &&
	    rep->indent + n <= sizeof(rep->indent_str) && n < l->len &&
	    ((h = oops_classify(&r->re, l->s + n, l->len - n, &kind)) ==
		     HDR_START ||
	     h == HDR_CONT || h == HDR_PANIC)) {
		/* The rule may itself be indented, less than the report. */
		memcpy(rep->indent_str + rep->indent, l->s, n);
		rep->indent += n;
		r->cur.s += n;
		r->cur.len -= n;
	}
	switch (other_task_line(r, rec, l)) {
	case OTHER_NEW:
		return ACT_REPLAY;
	case OTHER_MIXED:
		rep->interleaved = true;
		break;
	default:
		break;
	}
	size_t text_before = rep->text_len;
	text_append(r, l);
	enum line_result res = classify_line(r, rec, l, ok);
	if (!*ok)
		return ACT_CLOSE;
	if (res == LR_REPLAY) {
		rep->text_len = text_before;
		return ACT_REPLAY;
	}
	if (res == LR_UNKNOWN) {
		if (++rep->unknown_run > unknown_limit(r, rec))
			return ACT_CLOSE;
	} else {
		rep->unknown_run = 0;
		rep->text_keep = rep->text_len;
		rec->last_line = r->lineno;
	}
	if (res == LR_CLOSE)
		return ACT_CLOSE;
	if (++rep->lines >= OOPS_REPORT_MAX_LINES ||
	    rep->text_len + OOPS_LINE_MAX > OOPS_REPORT_MAX_TEXT)
		rep->truncated = true;
	return ACT_CONT;
}

// Header kinds that may start a report when indented.
static bool indented_start(enum hdr h, enum crash_kind kind)
{
	switch (h) {
	case HDR_START:
	case HDR_PRELUDE:
	case HDR_PANIC:
	case HDR_HINT:
	case HDR_TRACE:
		return true;
	case HDR_CONT:
		return kind != CRASH_OTHER;
	default:
		return false;
	}
}

// The fault-site line of an architecture (see fault_line()).
static bool fault_site_start(const char *s, size_t len)
{
	switch (s[0]) {
	case 'R':
		return STARTS(s, len, "RIP: ");
	case 'E':
		return STARTS(s, len, "EIP: ") || STARTS(s, len, "EIP is at ");
	case 'p':
		return STARTS(s, len, "pc : ");
	case 'P':
		return STARTS(s, len, "PC is at ");
	case 'N':
		return STARTS(s, len, "NIP [");
	case 'K':
		return STARTS(s, len, "Krnl PSW");
	case 'e':
		return STARTS(s, len, "epc ");
	case 'C':
		// dump_stack()'s first line: every report has one.
		return STARTS(s, len, "CPU: ") && oops_find(s, len, " Comm: ");
	default:
		return false;
	}
}

// "[<ffffffff8104dd3a>] warn_slowpath_common+0x85/0x9d", "[c0000000fe5f3b60]
// [c00000000008c4f4] .sys_foo+0x10/0x20", an indented " vfs_read+0x9f/0x1a0":
// a frame nothing but a trace prints.
static bool full_frame(const char *s, size_t len)
{
	struct frame_parse fp;
	const char *t = s;
	while (t < s + len && *t == ' ')
		t++;
	return t < s + len && (*t == '[' || t > s) &&
	       oops_parse_frame(s, len, &fp) && fp.func && fp.offset.known &&
	       fp.length.known && (fp.address.known || *t != '[');
}

// A line outside any report: does one start here?
static enum action idle_line(struct oops_reader *r, struct crash_record *rec,
			     bool *ok)
{
	struct open_report *rep = &r->rep;
	const struct oops_line *l = &r->cur;
	enum crash_kind kind;
	*ok = true;
	enum hdr h = oops_classify(&r->re, l->s, l->len, &kind);
	// Commit messages and mails indent a paste by a tab or a few spaces.
	size_t n = strspn(l->s, " \t");
	if (h == HDR_NONE && n > 0 && n <= sizeof(rep->indent_str) &&
	    n < l->len) {
		struct oops_line line = r->cur;
		r->cur.s += n;
		r->cur.len -= n;
		strip_indented_prefix(r);
		h = oops_classify(&r->re, l->s, l->len, &kind);
		/* An oops line with its counter ("Oops: 0038 ilc:3 [#1]", s390)
		 * starts a report whatever its kind. */
		if (!indented_start(h, kind) &&
		    !(h == HDR_CONT && oops_find(l->s, l->len, " [#")) &&
		    !(h == HDR_NONE && fault_site_start(l->s, l->len))) {
			r->cur = line;
			// A trace's frames are indented by themselves.
			if (h != HDR_NONE || !full_frame(l->s, l->len))
				return ACT_CONT;
		} else {
			rep->indent = n;
			memcpy(rep->indent_str, line.s, n);
		}
	}
	// A log cut before its header: the fault site says a report is here,
	// and so does a frame with its address, offset and length (a paste
	// of the trace alone).
	bool site = h == HDR_NONE && fault_site_start(l->s, l->len);
	bool bare_trace = h == HDR_NONE && !site && full_frame(l->s, l->len);
	if (bare_trace)
		h = HDR_TRACE;
	if ((h == HDR_NONE && !site) || h == HDR_END || h == HDR_END_PANIC)
		return ACT_CONT;
	rep->quote = l->quote;
	rep->timestamps = l->has_timestamp;
	rep->has_caller = l->has_caller;
	rep->caller = l->caller;
	rec->first_line = rec->last_line = r->lineno;
	rep->state = R_TENTATIVE;
	text_append(r, l);
	rep->text_keep = rep->text_len;
	rep->lines = 1;
	switch (h) {
	case HDR_START:
	case HDR_CONT:
		*ok = apply_header(r, rec, kind, l);
		break;
	case HDR_PANIC:
		*ok = apply_header(r, rec, kind, l);
		break;
	case HDR_HINT:
		rep->hint = kind;
		*ok = set_once(rec, &rec->message, l->s, l->len);
		break;
	case HDR_PRELUDE:
		rep->want_message = l->s[0] == '-';
		break;
	case HDR_PAGE:
		page_section(r, rec, l->s, l->len, true, ok);
		break;
	case HDR_TRACE:
		rep->has_trace = true;
		rep->bare_trace = bare_trace;
		*ok = trace_marker(r, rec, l);
		if (*ok && bare_trace) {
			bool is_frame;
			*ok = frame_line(r, rec, l->s, l->len, &is_frame);
		}
		break;
	case HDR_TASK:
		rep->has_trace = true;
		*ok = task_line(r, rec, l->s, l->len);
		break;
	default:
		if (site)
			content_line(r, rec, l, ok);
		break;
	}
	return *ok ? ACT_CONT : ACT_CLOSE;
}

static bool emittable(const struct oops_reader *r,
		      const struct crash_record *rec, bool replay)
{
	if (r->rep.state == R_NONE)
		return false;
	// The frames right before a report's header are the tail of a
	// report cut at the start of the log, not a report of their own.
	if (replay && r->rep.bare_trace && !r->rep.has_header &&
	    !rec->has_fault)
		return false;
	if (r->rep.has_header)
		return true;
	if (rec->frames.size)
		return true;
	vector_for_each(const struct task_stack, t, &rec->tasks) {
		if (t->frames.size)
			return true;
	}
	return false;
}

// Without a trace of its own (task dumps only, hung task, NMI backtraces)
// the record's trace is the crashed task's, else the first one shown.
static bool adopt_task_trace(struct crash_record *rec)
{
	struct task_stack *pick = NULL;
	vector_for_each(struct task_stack, t, &rec->tasks) {
		if (t->frames.size && (t->crashed || !pick))
			pick = t;
		if (pick && pick->crashed)
			break;
	}
	// A lone task dumped without a usable trace still names the task.
	if (!pick && rec->tasks.size == 1)
		pick = &rec->tasks.data[0];
	if (!pick)
		return true;
	if (!frame_vector_reserve(&rec->frames, pick->frames.size))
		return false;
	vector_for_each(struct frame, f, &pick->frames)
		frame_vector_append(&rec->frames, f);
	if (!rec->comm)
		rec->comm = pick->comm;
	if (!rec->pid.known)
		rec->pid = pick->pid;
	if (!rec->cpu.known)
		rec->cpu = pick->cpu;
	return true;
}

// A trace without its header (cut off, or scrambled by the console, or
// abridged by whoever pasted it): the reporting function at its top says
// what the header was -- bad_page(), kasan_report(), lockdep's printers,
// __might_resched() (kernel sources: mm/page_alloc.c, mm/kasan/report.c,
// kernel/locking/lockdep.c, kernel/sched/core.c, lib/refcount.c ...).
// Otherwise the kind is unknown, not "other": a bare stack listing (kdb,
// sysrq-t) does not say how the kernel died, and rules must treat that as
// unknown.
static enum crash_kind headerless_kind(const struct crash_record *rec)
{
	static const struct {
		const char *name;
		enum crash_kind kind;
	} reporters[] = {
		{ "bad_page", CRASH_BAD_PAGE },
		{ "kasan_report", CRASH_KASAN },
		{ "__kasan_report", CRASH_KASAN },
		{ "ubsan_epilogue", CRASH_UBSAN },
		{ "kmsan_report", CRASH_KMSAN },
		{ "__msan_warning", CRASH_KMSAN },
		{ "print_circular_bug", CRASH_LOCKDEP_DEADLOCK },
		{ "print_deadlock_bug", CRASH_LOCKDEP_DEADLOCK },
		{ "print_usage_bug", CRASH_LOCKDEP_INCONSISTENT },
		{ "lockdep_rcu_suspicious", CRASH_SUSPICIOUS_RCU },
		{ "print_unlock_imbalance_bug", CRASH_BAD_UNLOCK },
		{ "debug_check_no_locks_freed", CRASH_HELD_LOCK_FREED },
		{ "__might_resched", CRASH_SLEEP_INVALID },
		{ "___might_sleep", CRASH_SLEEP_INVALID },
		{ "__schedule_bug", CRASH_SCHED_ATOMIC },
		{ "refcount_warn_saturate", CRASH_REFCOUNT },
		{ "__list_add_valid_or_report", CRASH_LIST_CORRUPTION },
		{ "__list_del_entry_valid_or_report", CRASH_LIST_CORRUPTION },
		{ "__list_add_valid", CRASH_LIST_CORRUPTION },
		{ "__list_del_entry_valid", CRASH_LIST_CORRUPTION },
		{ "spin_bug", CRASH_SPINLOCK },
		{ "__stack_chk_fail", CRASH_STACK_PROTECTOR },
		{ "print_bad_pte", CRASH_BAD_PAGE_MAP },
		{ "__warn", CRASH_WARNING },
		{ "warn_slowpath_common", CRASH_WARNING },
		{ "warn_slowpath_fmt", CRASH_WARNING },
		{ "warn_slowpath_null", CRASH_WARNING },
	};
	size_t n = 0;
	vector_for_each(const struct frame, f, &rec->frames) {
		// Reporting paths sit at the top of the trace.
		if (n++ == 12)
			break;
		for (size_t i = 0; i < sizeof(reporters) / sizeof(reporters[0]);
		     i++) {
			if (strcmp(f->normalized, reporters[i].name) == 0)
				return reporters[i].kind;
		}
	}
	return rec->panic_message ? CRASH_PANIC : CRASH_UNKNOWN;
}

// Kernel text at 0xffffffff8xxxxxxx and modules at 0xffffffffaxxxxxxx are
// x86-64's layout (arm64, ppc64 and s390 place both elsewhere): enough to
// name the arch of an old-style trace that printed no registers.
static void arch_from_addresses(struct crash_record *rec)
{
	if (rec->arch)
		return;
	vector_for_each(const struct frame, f, &rec->frames) {
		uint64_t top = f->address.value >> 28;
		if (f->address.known &&
		    (top == 0xffffffff8 || top == 0xffffffffa)) {
			set_arch(rec, "x86_64");
			return;
		}
	}
}

// Old kernels put the pfn only in the header: "BUG: Bad page state in
// process a.out  pfn:7fe84", before a page: line that lacks it.
static void bad_page_pfn(struct crash_record *rec)
{
	const char *p;
	if (rec->kind != CRASH_BAD_PAGE || !rec->headline ||
	    rec->pages.size != 1 || rec->pages.data[0].pfn.known ||
	    !(p = strstr(rec->headline, "pfn:")))
		return;
	char *end;
	unsigned long long pfn = strtoull(p + 4, &end, 16);
	if (end != p + 4)
		rec->pages.data[0].pfn = pgr_u64_of(pfn);
}

/*
 * Cut short: a trace header with no frame after it, or no trace at all
 * in a report whose kind always prints one (the reports that print none
 * are the counters and waits: rss-counter, netdevice refcount, workqueue
 * lockup, a bare panic line, RCU stall summaries, and lockdep's list of
 * locks held on return to user space).
 */
static enum tristate report_corrupted(const struct open_report *rep,
				      const struct crash_record *rec)
{
	if (rep->interleaved)
		return TRI_TRUE;
	if (rec->frames.size)
		return TRI_FALSE;
	if (rep->seen_trace)
		return TRI_TRUE;
	switch (rec->kind) {
	case CRASH_UNKNOWN:
	case CRASH_PANIC:
	case CRASH_BAD_RSS:
	case CRASH_NETDEV_WAIT:
	case CRASH_WQ_LOCKUP:
	case CRASH_RCU_STALL:
	case CRASH_LOCK_LEAK:
		return TRI_FALSE;
	default:
		return rep->has_header ? TRI_TRUE : TRI_FALSE;
	}
}

static bool truncated_finding(struct crash_record *rec)
{
	struct finding *f = finding_vector_append_entry(&rec->findings);
	if (!f)
		return false;
	f->id = record_strdup(rec, "report-truncated");
	char text[160];
	snprintf(text, sizeof(text),
		 "the report is longer than %d lines or %d KiB of text: the rest of it was read and dropped",
		 OOPS_REPORT_MAX_LINES, OOPS_REPORT_MAX_TEXT >> 10);
	f->text = record_strdup(rec, text);
	return f->id && f->text;
}

static struct pgr_error *finish_report(struct oops_reader *r,
				       struct crash_record *rec)
{
	if (!r->rep.has_header)
		rec->kind = headerless_kind(rec);
	if (rec->kind == CRASH_PANIC && !rec->message)
		rec->message = rec->panic_message;
	if (!rec->frames.size && !adopt_task_trace(rec))
		return &pgr_enomem;
	arch_from_addresses(rec);
	bad_page_pfn(rec);
	rec->corrupted = report_corrupted(&r->rep, rec);
	if (r->rep.truncated && !truncated_finding(rec))
		return &pgr_enomem;
	rec->source = RECORD_FROM_LOG;
	rec->input = record_strdup(rec, r->name);
	rec->text = record_strndup(rec, r->text, r->rep.text_keep);
	if (!rec->input || !rec->text)
		return &pgr_enomem;
	return crash_record_finish(rec);
}

static void discard_report(struct oops_reader *r, struct crash_record *rec)
{
	crash_record_deinit(rec);
	crash_record_init(rec);
	report_reset(&r->rep);
}

// The next physical line, prefixes stripped, into @l; false at the end.
static inline __attribute__((always_inline)) struct pgr_error *
physical_line(struct oops_reader *r, struct oops_line *l, bool *got_ret)
{
	char *line;
	size_t len;
	struct pgr_error *err = line_reader_next(&r->lr, r->name, &line, &len);
	*got_ret = !err && line;
	if (*got_ret) {
		r->first_byte = len ? (unsigned char)line[0] : -1;
		oops_strip_prefix(line, len, l);
	}
	return err;
}

// The next logical line into r->cur: a line a mail client wrapped is
// joined again with its rest, so that frames, registers and headers keep
// their shape.  Only lines that may have been cut cost a copy.
static struct pgr_error *logical_line(struct oops_reader *r, bool *got_ret)
{
	struct pgr_error *err;
	if (r->have_ahead) {
		r->cur = r->ahead;
		r->lineno = r->ahead_lineno;
		r->have_ahead = false;
		*got_ret = true;
	} else {
		if ((err = physical_line(r, &r->cur, got_ret)) || !*got_ret)
			return err;
		r->lineno = r->lr.lineno;
	}
	if (!oops_line_may_wrap(&r->cur))
		return NULL;
	// The next line starts as this one did ("[" of a timestamp): it
	// has its own prefix, so it is no rest of this one.  Saves the copy
	// on the long lines of a console log.
	if ((r->cur.has_timestamp || r->cur.has_caller) && !r->have_ahead &&
	    r->first_byte >= 0 && line_reader_peek(&r->lr) == r->first_byte &&
	    r->first_byte != ' ' && r->first_byte != '>' &&
	    r->first_byte != '|')
		return NULL;
	// Reading on may move the reader's buffer: keep this line apart.
	memcpy(r->join, r->cur.s, r->cur.len + 1);
	r->cur.s = r->join;
	bool got;
	if ((err = physical_line(r, &r->ahead, &got)) || !got)
		return err;
	if (oops_line_join(&r->re, &r->cur, r->join, OOPS_LINE_MAX + 1,
			   &r->ahead, r->lr.buf)) {
		r->lineno = r->lr.lineno;
		return NULL;
	}
	r->have_ahead = true;
	r->ahead_lineno = r->lr.lineno;
	return NULL;
}

struct pgr_error *oops_reader_next(struct oops_reader *r,
				   struct crash_record *rec, bool *found_ret)
{
	struct pgr_error *err;
	*found_ret = false;
	crash_record_init(rec);
	report_reset(&r->rep);
	for (;;) {
		if (!r->replay) {
			bool got;
			err = logical_line(r, &got);
			if (err || !got)
				break;
		}
		r->replay = false;
		bool ok;
		enum action a = r->rep.state == R_NONE ?
					idle_line(r, rec, &ok) :
					report_line(r, rec, &ok);
		if (!ok) {
			err = &pgr_enomem;
			break;
		}
		if (a == ACT_CONT)
			continue;
		r->replay = a == ACT_REPLAY;
		if (emittable(r, rec, r->replay)) {
			*found_ret = true;
			return finish_report(r, rec);
		}
		discard_report(r, rec);
	}
	if (!err && emittable(r, rec, false)) {
		*found_ret = true;
		return finish_report(r, rec);
	}
	crash_record_deinit(rec);
	return err;
}
