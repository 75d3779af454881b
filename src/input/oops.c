// SPDX-License-Identifier: GPL-2.0-or-later
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
enum dest { DEST_NONE, DEST_MAIN, DEST_TASK, DEST_AUX };
enum last { LAST_NONE, LAST_PANIC, LAST_FRAME, LAST_MODULES };

struct report {
	enum rstate state;
	bool has_trace, seen_trace, page_open, kasan_eq, fault_from_warning;
	bool has_caller, timestamps, want_message, has_header;
	/** The whole paste is indented by one space. */
	bool indent;
	/** Past OOPS_REPORT_MAX_LINES or _TEXT: lines are dropped. */
	bool truncated;
	long caller;
	int quote;
	size_t lines, unknown_run, text_len, text_keep;
	enum dest dest;
	long task, page;
	enum frame_context ctx;
	size_t trace_start;
	enum last last;
};

struct oops_reader {
	FILE *in;
	char *name;
	struct line_reader lr;
	struct oops_regex re;
	char *text;
	struct oops_line cur;
	bool replay;
	struct report rep;
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
	if (!r->name || !r->text)
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
	free(reader->name);
	free(reader);
}

size_t oops_reader_line(const struct oops_reader *reader)
{
	return reader->lr.lineno;
}

enum action { ACT_CONT, ACT_CLOSE, ACT_REPLAY };

static void report_reset(struct report *rep)
{
	*rep = (struct report){ .task = -1, .page = -1 };
}

static void text_append(struct oops_reader *r, const struct oops_line *l)
{
	struct report *rep = &r->rep;
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
	if (!oops_parse_frame(s, len, &fp))
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

static bool kind_fields(struct oops_reader *r, struct crash_record *rec,
			const char *s, size_t len)
{
	const char *p, *q;
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
		if (!(p = oops_find(s, len, " in ")))
			return true;
		// syzbot symbolizes: "in filemap_fault+0x2818/0x2a70 mm/filemap.c:2559".
		if ((q = memrchr(p + 4, ' ', s + len - p - 4)) &&
		    memchr(q, ':', s + len - q) && !set_source(rec, q + 1, s + len - q - 1))
			return false;
		return set_fault(r, rec, p + 4, s + len - p - 4, false);
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
	case CRASH_PANIC:
		p = memchr(s, ':', len);
		p = p ? p + 1 + (p[1] == ' ') : s;
		return set_once(rec, &rec->message, p, s + len - p) &&
		       set_once(rec, &rec->panic_message, p, s + len - p);
	default:
		return true;
	}
}

static bool apply_header(struct oops_reader *r, struct crash_record *rec,
			 enum crash_kind kind, const struct oops_line *l)
{
	struct report *rep = &r->rep;
	rec->kind = kind;
	rep->state = R_OPEN;
	rep->has_header = true;
	rep->want_message = kind == CRASH_UBSAN || kind == CRASH_WARNING;
	if (l->has_caller) {
		rep->has_caller = true;
		rep->caller = l->caller;
	}
	if (!rec->headline && !(rec->headline = record_strndup(rec, l->s,
							       l->len)))
		return false;
	return kind_fields(r, rec, l->s, l->len);
}

static struct frame_vector *dest_vector(struct oops_reader *r,
					struct crash_record *rec)
{
	switch (r->rep.dest) {
	case DEST_MAIN:
		return &rec->frames;
	case DEST_TASK:
		return &rec->tasks.data[r->rep.task].frames;
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
	struct report *rep = &r->rep;
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
	struct report *rep = &r->rep;
	// Only arm64's dump_backtrace() spells it "Call trace:".
	if (STARTS(l->s, l->len, "Call trace:") && !set_arch(rec, "arm64"))
		return false;
	rep->seen_trace = true;
	rep->ctx = FRAME_TASK;
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
static const char *context_marker(struct report *rep, const char *s,
				  const char *end)
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

static bool frame_line(struct oops_reader *r, struct crash_record *rec,
		       const char *s, size_t len, bool *is_frame)
{
	struct report *rep = &r->rep;
	struct frame_parse fp;
	*is_frame = oops_parse_frame(s, len, &fp);
	if (!*is_frame)
		return true;
	rep->last = LAST_FRAME;
	struct frame_vector *v = dest_vector(r, rec);
	// Very old oopses print frames without a "Call Trace:" line.
	if (!v && rep->dest == DEST_NONE && rep->state == R_OPEN &&
	    !rep->seen_trace && rec->frames.size == 0 && rec->tasks.size == 0) {
		rep->dest = DEST_MAIN;
		v = &rec->frames;
	}
	if (!v || v->size >= 1024)
		return true;
	return oops_store_frame(rec, v, &fp, rep->ctx) != NULL;
}

// Fault-site lines of each architecture.  Returns false if @l is none.
static bool fault_line(struct oops_reader *r, struct crash_record *rec,
		       const char *s, size_t len, bool *ok)
{
	const char *end = s + len, *p;
	*ok = true;
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
		*ok = set_arch(rec, "i386") && set_fault(r, rec, p, end - p,
							 false);
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
	if (STARTS(s, len, "Krnl PSW")) {
		p = memchr(s, '(', len);
		*ok = set_arch(rec, "s390") &&
		      (!p || set_fault(r, rec, p + 1, end - p - 1, false));
		return true;
	}
	return STARTS(s, len, "lr : ") || STARTS(s, len, "LR [") ||
	       STARTS(s, len, "LR is at ");
}

static bool header_fields_line(struct oops_reader *r, struct crash_record *rec,
			       const char *s, size_t len, bool *ok)
{
	*ok = true;
	if (STARTS(s, len, "CPU: ") || STARTS(s, len, "Pid: ") ||
	    ((s[0] == ' ' || s[0] == '\t') && oops_find(s, len, "ainted"))) {
		bool matched;
		*ok = oops_parse_cpu_line(&r->re, rec, s, len, &matched);
		return matched || s[0] == 'C';
	}
	if (STARTS(s, len, "Hardware name: ")) {
		*ok = set_once(rec, &rec->hardware, s + 15, len - 15);
		return true;
	}
	if (STARTS(s, len, "Modules linked in:")) {
		r->rep.last = LAST_MODULES;
		*ok = oops_parse_modules(rec, s + 18, len - 18);
		return true;
	}
	const char *p;
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

// Stacks that are not a task's: KASAN's allocation/free stacks and
// page_owner's.  Their frames are not the crash's trace.
static bool aux_stack_line(const char *s, size_t len)
{
	static const char *const aux[] = {
		"Allocated by task",	 "Freed by task",
		"Last potentially related", "Second to last potentially",
		"page last allocated",	 "page last free",
		"page_owner tracks",	 "Last call_rcu",
		"Second to last call_rcu", "Showing all locks held",
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
	};
	if (s[0] == ' ' || s[0] == '\t')
		return true;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (s[0] == known[i][0] &&
		    oops_starts(s, len, known[i], strlen(known[i])))
			return true;
	}
	// Hex dumps: "ffff888012345600: fa fb fb", "[  12.3] 0: 48 89".
	size_t h = strspn(s, "0123456789abcdef");
	return h >= 8 && (s[h] == ':' || s[h] == ' ');
}

static void reg_arch(struct crash_record *rec, const char *s)
{
	if (rec->arch)
		return;
	if (s[0] == 'R' && (s[1] == 'A' || s[1] == 'S') && s[2] != 'W')
		set_arch(rec, "x86_64");
	else if (s[0] == 'E' && s[1] == 'A' && s[2] == 'X')
		set_arch(rec, "i386");
	else if (s[0] == 'x' && s[1] >= '0' && s[1] <= '9')
		set_arch(rec, "arm64");
	else if (s[0] == 'G' && s[1] == 'P' && s[2] == 'R')
		set_arch(rec, "ppc64");
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
	reg_arch(rec, s);
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
	struct report *rep = &r->rep;
	const char *s = l->s;
	size_t len = l->len;
	*ok = true;
	while (len > 2 && *s == ' ') {
		s++;
		len--;
	}
	if (rep->last == LAST_FRAME && s[0] == '[' && s[len - 1] == ']' &&
	    len < 64 && !memchr(s, ' ', len)) {
		struct frame_vector *v = dest_vector(r, rec);
		struct frame *f = v ? frame_vector_last(v) : NULL;
		if (f && !f->module)
			*ok = (f->module = record_strndup(rec, s + 1,
							  len - 2)) != NULL;
		return true;
	}
	if (rep->last == LAST_MODULES && oops_is_module_list(&r->re, s, len)) {
		*ok = oops_parse_modules(rec, s, len);
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
	struct report *rep = &r->rep;
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

// Every non-header line of a report; returns whether it was recognised.
static bool content_line(struct oops_reader *r, struct crash_record *rec,
			 const struct oops_line *l, bool *ok)
{
	struct report *rep = &r->rep;
	const char *s = l->s, *end = l->s + l->len;
	size_t len = l->len;
	if (page_section(r, rec, s, len, false, ok))
		return true;
	const char *t = s;
	while (t < end && (*t == ' ' || *t == '\t'))
		t++;
	if (t < end && *t == '<') {
		const char *rest = context_marker(rep, t, end);
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
	if (aux_stack_line(s, len)) {
		rep->dest = DEST_AUX;
		return true;
	}
	if (oops_find(s, len, "+0x") || oops_find(s, len, "[inline]")) {
		bool is_frame;
		*ok = frame_line(r, rec, s, len, &is_frame);
		if (is_frame)
			return true;
	}
	return reg_line(r, rec, s, len, ok) || known_line(s, len);
}

enum line_result { LR_RELEVANT, LR_UNKNOWN, LR_REPLAY, LR_CLOSE };

static bool is_kasan_like(const struct crash_record *rec)
{
	return rec->kind == CRASH_KASAN || rec->kind == CRASH_UBSAN;
}

// A header-ish line inside an open report.
static enum line_result report_header(struct oops_reader *r,
				      struct crash_record *rec, enum hdr h,
				      enum crash_kind kind,
				      const struct oops_line *l)
{
	struct report *rep = &r->rep;
	bool prelude = rep->state == R_TENTATIVE && !rep->has_trace;
	bool ok = true;
	switch (h) {
	case HDR_START:
	case HDR_CONT:
		if (h == HDR_CONT && rep->state == R_OPEN)
			return LR_RELEVANT;
		if (!prelude)
			return LR_REPLAY;
		ok = apply_header(r, rec, kind, l);
		break;
	case HDR_PANIC:
		if (prelude) {
			ok = apply_header(r, rec, CRASH_PANIC, l);
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
		return rec->kind == CRASH_KASAN ? 64 : 12;
	}
}

static enum line_result classify_line(struct oops_reader *r,
				      struct crash_record *rec,
				      const struct oops_line *l, bool *ok)
{
	struct report *rep = &r->rep;
	*ok = true;
	if (l->quote != rep->quote)
		return LR_UNKNOWN;
	enum crash_kind kind;
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

static enum action report_line(struct oops_reader *r,
			       struct crash_record *rec, bool *ok)
{
	struct report *rep = &r->rep;
	const struct oops_line *l = &r->cur;
	*ok = true;
	if (rep->truncated)
		return truncated_line(r);
	if (rep->indent && l->len && l->s[0] == ' ') {
		r->cur.s++;
		r->cur.len--;
	}
	// Another task's or CPU's line printed in the middle of ours.
	if (l->has_caller && rep->has_caller && l->caller != rep->caller)
		return ACT_CONT;
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
		rec->last_line = r->lr.lineno;
	}
	if (res == LR_CLOSE)
		return ACT_CLOSE;
	if (++rep->lines >= OOPS_REPORT_MAX_LINES ||
	    rep->text_len + OOPS_LINE_MAX > OOPS_REPORT_MAX_TEXT)
		rep->truncated = true;
	return ACT_CONT;
}

// A line outside any report: does one start here?
static enum action idle_line(struct oops_reader *r, struct crash_record *rec,
			     bool *ok)
{
	struct report *rep = &r->rep;
	const struct oops_line *l = &r->cur;
	enum crash_kind kind;
	*ok = true;
	enum hdr h = oops_classify(&r->re, l->s, l->len, &kind);
	if (h == HDR_NONE && l->len > 1 && l->s[0] == ' ' && l->s[1] != ' ') {
		h = oops_classify(&r->re, l->s + 1, l->len - 1, &kind);
		if (h != HDR_START && h != HDR_PRELUDE)
			return ACT_CONT;
		rep->indent = true;
		r->cur.s++;
		r->cur.len--;
	}
	if (h == HDR_NONE || h == HDR_END || h == HDR_END_PANIC)
		return ACT_CONT;
	rep->quote = l->quote;
	rep->timestamps = l->has_timestamp;
	rep->has_caller = l->has_caller;
	rep->caller = l->caller;
	rec->first_line = rec->last_line = r->lr.lineno;
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
		*ok = apply_header(r, rec, CRASH_PANIC, l);
		break;
	case HDR_PRELUDE:
		rep->want_message = l->s[0] == '-';
		break;
	case HDR_PAGE:
		page_section(r, rec, l->s, l->len, true, ok);
		break;
	case HDR_TRACE:
		rep->has_trace = true;
		*ok = trace_marker(r, rec, l);
		break;
	case HDR_TASK:
		rep->has_trace = true;
		*ok = task_line(r, rec, l->s, l->len);
		break;
	default:
		break;
	}
	return *ok ? ACT_CONT : ACT_CLOSE;
}

static bool emittable(const struct oops_reader *r,
		      const struct crash_record *rec)
{
	if (r->rep.state == R_NONE)
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

// A trace without its header (cut off, or scrambled by the console):
// bad_page() in it says what the header was.  Otherwise the kind is
// unknown, not "other": a bare stack listing (kdb, sysrq-t) does not say
// how the kernel died, and rules must treat that as unknown.
static enum crash_kind headerless_kind(const struct crash_record *rec)
{
	vector_for_each(const struct frame, f, &rec->frames) {
		if (strcmp(f->normalized, "bad_page") == 0)
			return CRASH_BAD_PAGE;
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

struct pgr_error *oops_reader_next(struct oops_reader *r,
				   struct crash_record *rec, bool *found_ret)
{
	struct pgr_error *err;
	*found_ret = false;
	crash_record_init(rec);
	report_reset(&r->rep);
	for (;;) {
		if (!r->replay) {
			char *line;
			size_t len;
			err = line_reader_next(&r->lr, r->name, &line, &len);
			if (err || !line)
				break;
			oops_strip_prefix(line, len, &r->cur);
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
		if (emittable(r, rec)) {
			*found_ret = true;
			return finish_report(r, rec);
		}
		discard_report(r, rec);
	}
	if (!err && emittable(r, rec)) {
		*found_ret = true;
		return finish_report(r, rec);
	}
	crash_record_deinit(rec);
	return err;
}
