// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cleanup.h"
#include "input/oops.h"
#include "vmcore/analyze.h" // IWYU pragma: associated
#include "vmcore/dump.h"
#include "vmcore/kernel.h"
#include "vmcore/printk.h"
#include "vmcore/vmlinux.h"

/** One analysis in progress. */
struct analysis {
	const char *path;
	const struct vmcore_options *opts;
	struct vmcore_dump *dump;
	struct crash_record *rec;
};

static void printk_logp(struct printk_log *log)
{
	printk_log_deinit(log);
}

// Say @p msg on the warning stream and as finding @p id in the record,
// so a partial report says what it lacks.
static struct pgr_error *warn_finding(struct analysis *a, const char *id,
				      const char *msg)
{
	if (a->opts->warnings)
		fprintf(a->opts->warnings, "pagerace: warning: %s: %s\n",
			a->path, msg);
	struct finding *f = finding_vector_append_entry(&a->rec->findings);
	if (!f || !(f->id = record_strdup(a->rec, id)) ||
	    !(f->text = record_strdup(a->rec, msg)))
		return &pgr_enomem;
	return NULL;
}

// Something could not be read: a "vmcore-unread" finding.
static struct pgr_error *unread(struct analysis *a, const char *fmt, ...)
	__attribute__((__format__(__printf__, 2, 3)));
static struct pgr_error *unread(struct analysis *a, const char *fmt, ...)
{
	_cleanup_free_ char *msg = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return &pgr_enomem;
	return warn_finding(a, "vmcore-unread", msg);
}

// A failure that leaves the report partial rather than failing it; only
// running out of memory stops the analysis.
static struct pgr_error *soften(struct analysis *a, struct pgr_error *err,
				const char *what)
{
	if (!err || err->code == PGR_ERROR_NO_MEMORY)
		return err;
	struct pgr_error *e = unread(a, "%s: %s", what, err->message);
	pgr_error_destroy(err);
	return e;
}

// An oops with panic_on_oops is followed by its "Kernel panic - not
// syncing" line, which the parser may report on its own: that is the
// same crash, so keep the oops and note the panic on it.
static bool is_trailing_panic(const struct crash_record *prev,
			      const struct crash_record *next)
{
	return prev && next->kind == CRASH_PANIC && next->frames.size == 0 &&
	       prev->kind != CRASH_PANIC;
}

static struct pgr_error *take_report(struct crash_record *last, bool *have,
				     struct crash_record *next)
{
	if (*have && is_trailing_panic(last, next)) {
		if (!last->panic_message && next->headline)
			last->panic_message =
				record_strdup(last, next->headline);
		crash_record_deinit(next);
		return last->panic_message || !next->headline ? NULL :
								 &pgr_enomem;
	}
	/*
	 * The log is read with printk's caller ids, so the reports of other
	 * tasks and CPUs are told apart, and one that never ended (a soft
	 * lockup warned about during boot) is handed over only at the end of
	 * the log.  The machine went down in the report that began last.
	 */
	if (*have && next->first_line < last->first_line) {
		crash_record_deinit(next);
		return NULL;
	}
	if (*have)
		crash_record_deinit(last);
	*last = *next;
	*have = true;
	return NULL;
}

/** The panic's report from the log, into @p ret; *@p found_ret says if any. */
static struct pgr_error *parse_log(struct analysis *a,
				   const struct printk_log *log,
				   struct crash_record *ret, bool *found_ret)
{
	*found_ret = false;
	if (!log->len)
		return NULL;
	_cleanup_fclose_ FILE *in = fmemopen(log->text, log->len, "r");
	if (!in)
		return &pgr_enomem;
	_cleanup_(oops_reader_destroyp) struct oops_reader *reader = NULL;
	struct pgr_error *err = oops_reader_create(in, a->path,
						   a->opts->oops_patterns, &reader);
	if (err)
		return err;
	bool have = false;
	for (;;) {
		struct crash_record next;
		bool found;
		err = oops_reader_next(reader, &next, &found);
		if (err || !found)
			break;
		if ((err = take_report(ret, &have, &next)))
			break;
	}
	if (err && have)
		crash_record_deinit(ret);
	*found_ret = have && !err;
	return err;
}

static struct pgr_error *fill_from_dump(struct analysis *a, bool from_log)
{
	struct crash_record *rec = a->rec;
	const struct vmcore_facts *f = vmcore_dump_facts(a->dump);
	rec->source = RECORD_FROM_VMCORE;
	if (!rec->input && !(rec->input = record_strdup(rec, a->path)))
		return &pgr_enomem;
	if (!rec->kernel_version &&
	    !(rec->kernel_version = record_strdup(rec, f->release)))
		return &pgr_enomem;
	if (!rec->arch && !(rec->arch = record_strdup(rec, f->arch)))
		return &pgr_enomem;
	if (from_log)
		return NULL;
	rec->kind = CRASH_UNKNOWN;
	struct pgr_error *err = crash_record_finish(rec);
	if (err)
		return err;
	return unread(a, "no oops or panic report in the kernel log: the crash itself is unknown");
}

// With an in-guest kdump the crashing CPU's PRSTATUS note carries the
// crashing task's pid; QEMU writes vCPU index + 1 there instead, so a
// match only counts when the log named the pid.
static void cpu_from_notes(struct analysis *a)
{
	struct crash_record *rec = a->rec;
	if (rec->cpu.known || !rec->pid.known || rec->pid.value == 0)
		return;
	unsigned int ncpus = vmcore_dump_facts(a->dump)->ncpus;
	for (unsigned int cpu = 0; cpu < ncpus && cpu < 8192; cpu++) {
		int64_t pid;
		struct pgr_error *err = vmcore_cpu_pid(a->dump, cpu, &pid);
		pgr_error_destroy(err);
		if (!err && pid == rec->pid.value) {
			rec->cpu = pgr_s64_of(cpu);
			return;
		}
	}
}

// panic_cpu is the dump's own answer (atomic_t, -1 while no panic).
static struct pgr_error *cpu_from_panic_cpu(struct analysis *a,
					    struct vmcore_kernel *k)
{
	uint64_t addr;
	uint32_t v;
	struct pgr_error *err = vmcore_kernel_symbol(k, "panic_cpu", &addr);
	if (!err)
		err = vmcore_read_u32(a->dump, addr, &v);
	if (err)
		return soften(a, err, "panic_cpu");
	int32_t cpu = (int32_t)v;
	unsigned int ncpus = vmcore_dump_facts(a->dump)->ncpus;
	if (cpu < 0 || (ncpus && (unsigned int)cpu >= ncpus))
		return NULL;
	struct crash_record *rec = a->rec;
	if (rec->cpu.known && rec->cpu.value != cpu)
		return unread(a, "the log's oops is on CPU %" PRId64
			      " but panic_cpu is %d: using panic_cpu",
			      rec->cpu.value, cpu);
	rec->cpu = pgr_s64_of(cpu);
	return NULL;
}

static bool arch_is_64bit(const char *arch)
{
	return arch && (strstr(arch, "64") || strcmp(arch, "s390x") == 0 ||
			strcmp(arch, "alpha") == 0);
}

// The log's dump_page() blocks: page forensics completes them from
// memory by pfn; on a 64-bit kernel a 32-bit "page:" is a %p hash id,
// never presented as an address.
static void log_pages(struct analysis *a)
{
	bool wide = arch_is_64bit(vmcore_dump_facts(a->dump)->arch);
	vector_for_each(struct page_dump, p, &a->rec->pages) {
		p->from_log = true;
		if (wide)
			page_dump_check_hashed(p);
	}
}

/*
 * How well log frame @p l and unwound frame @p u agree: 0 not at all.
 * Both print return addresses as offsets, so the same frame has the same
 * offset; a different one is another call in the same function (panic()
 * calling dump_stack() in the log, __crash_kexec() in the dump).
 */
static unsigned int frame_affinity(const struct frame *l, const struct frame *u)
{
	if (strcmp(l->normalized, u->normalized) != 0)
		return 0;
	if (l->offset.known && u->offset.known)
		return l->offset.value == u->offset.value ? 2 : 0;
	return 1;
}

static void frame_fill(struct frame *l, const struct frame *u)
{
	// Strings of both live in the record's arena: shared, not copied.
	if (!l->address.known)
		l->address = u->address;
	if (!l->offset.known)
		l->offset = u->offset;
	if (!l->length.known)
		l->length = u->length;
	if (!l->source) {
		l->source = u->source;
		l->inline_chain = u->inline_chain;
		l->inline_depth = u->inline_depth;
	}
	if (!l->module)
		l->module = u->module;
}

/** Frames compared at most, each side: a trace is far shorter. */
static const size_t MAX_ALIGN = 256;

/** An alignment table: at(i, j) scores log[i..] against unwound[j..]. */
struct align {
	unsigned int *score;
	size_t cols;
};

static unsigned int *at(const struct align *t, size_t i, size_t j)
{
	return &t->score[i * t->cols + j];
}

static unsigned int max_u(unsigned int a, unsigned int b)
{
	return a > b ? a : b;
}

static const struct task_stack *crashed_task(const struct crash_record *rec)
{
	vector_for_each(const struct task_stack, t, &rec->tasks) {
		if (t->crashed)
			return t;
	}
	return NULL;
}

/*
 * The log's trace of the crashed task (fault site first) gets addresses,
 * file:line and modules from the unwinder's frames of the same stack:
 * the two lists are aligned in order (a weighted longest common
 * subsequence of function names, equal offsets weighing more), so the
 * log's "? " guesses and the unwinder's panic path stay unmatched.
 * Reliability marks and frames the unwinder lacks stay the log's.
 */
static struct pgr_error *enrich_frames(struct crash_record *rec)
{
	const struct task_stack *crashed = crashed_task(rec);
	if (!crashed || !crashed->frames.size)
		return NULL;
	size_t n = rec->frames.size + rec->has_fault, m = crashed->frames.size;
	if (n > MAX_ALIGN)
		n = MAX_ALIGN;
	if (m > MAX_ALIGN)
		m = MAX_ALIGN;
	_cleanup_free_ struct frame **log = calloc(n + 1, sizeof(*log));
	_cleanup_free_ unsigned int *score =
		calloc((n + 1) * (m + 1), sizeof(*score));
	if (!log || !score)
		return &pgr_enomem;
	struct align t = { .score = score, .cols = m + 1 };
	for (size_t i = 0; i < n; i++)
		log[i] = !rec->has_fault ? &rec->frames.data[i] :
			 i		 ? &rec->frames.data[i - 1] :
					   &rec->fault;
	const struct frame *u = crashed->frames.data;
	for (size_t i = n; i-- > 0;) {
		for (size_t j = m; j-- > 0;) {
			unsigned int w = frame_affinity(log[i], &u[j]);
			unsigned int v =
				max_u(*at(&t, i + 1, j), *at(&t, i, j + 1));
			if (w)
				v = max_u(v, *at(&t, i + 1, j + 1) + w);
			*at(&t, i, j) = v;
		}
	}
	for (size_t i = 0, j = 0; i < n && j < m;) {
		unsigned int w = frame_affinity(log[i], &u[j]);
		if (w && *at(&t, i, j) == *at(&t, i + 1, j + 1) + w)
			frame_fill(log[i++], &u[j++]);
		else if (*at(&t, i + 1, j) >= *at(&t, i, j + 1))
			i++;
		else
			j++;
	}
	return NULL;
}

// Without vmlinux the report says where its symbols, types and stacks
// came from and what the dump could not give.
static struct pgr_error *note_dump_alone(struct analysis *a,
					 const struct vmcore_kernel *k)
{
	const char *missing = vmcore_kernel_missing(k);
	_cleanup_free_ char *msg = NULL;
	if (asprintf(
		    &msg,
		    "no vmlinux: symbols from the dump's kallsyms, types from its BTF, stacks from its ORC tables; no file:line and no inline frames%s%s",
		    missing ? "; but the dump lacks some: " : "",
		    missing ? missing : "") < 0)
		return &pgr_enomem;
	return warn_finding(a, "vmcore-no-vmlinux", msg);
}

// The kernel half (kernel.h): symbols, types, every task's stack and the
// struct pages, from @p vmlinux or (NULL) the dump alone.  Each part
// that fails leaves the report partial.
static struct pgr_error *run_kernel_half(struct analysis *a,
					 const char *vmlinux)
{
	_cleanup_(vmcore_kernel_closep) struct vmcore_kernel *k = NULL;
	struct pgr_error *err = vmcore_kernel_open(a->dump, vmlinux, &k);
	if (err)
		return soften(
			a, err,
			vmlinux ?
				"kernel symbols and types" :
				"no vmlinux, and no symbols from the dump: no stacks of other tasks, no page forensics");
	if (!vmlinux && (err = note_dump_alone(a, k)))
		return err;
	if (a->opts->module_debug)
		err = soften(a, vmcore_kernel_set_module_debug(
					k, a->opts->module_debug),
			     "--module-debug");
	if (!err && !(err = cpu_from_panic_cpu(a, k)) &&
	    !(err = soften(a, vmcore_collect_tasks(k, a->rec), "task stacks")))
		err = soften(a, vmcore_page_forensics(k, a->rec),
			     "page forensics");
	return err;
}

/**
 * The vmlinux to use, or NULL when none is found, the one found is
 * another build, or --no-vmlinux: then the dump alone is read (with a
 * warning saying why).  An explicit --vmlinux that does not match is an
 * error: the user named the wrong file.
 */
static struct pgr_error *resolve_vmlinux(struct analysis *a, char **ret)
{
	*ret = NULL;
	const struct vmcore_options *o = a->opts;
	if (o->no_vmlinux)
		return NULL;
	if (o->vmlinux)
		return vmlinux_check(a->dump, a->path, o->vmlinux) ?:
			       ((*ret = strdup(o->vmlinux)) ? NULL : &pgr_enomem);
	_cleanup_free_ char *found = NULL;
	struct pgr_error *err = vmlinux_find(
		o->debug_root, vmcore_dump_facts(a->dump)->release, &found);
	if (!err)
		err = vmlinux_check(a->dump, a->path, found);
	if (err == &pgr_enomem)
		return err;
	if (err) {
		if (o->warnings)
			fprintf(o->warnings,
				"pagerace: warning: %s: %s: reading the dump alone\n",
				a->path, err->message);
		pgr_error_destroy(err);
		return NULL;
	}
	*ret = no_cleanup_ptr(found);
	return NULL;
}

static struct pgr_error *analyze_dump(struct analysis *a)
{
	_cleanup_(printk_logp) struct printk_log log = { 0 };
	struct pgr_error *log_err = printk_read(a->dump, PRINTK_CALLER, &log);
	struct crash_record parsed;
	bool found = false;
	struct pgr_error *err = log_err ? NULL :
					  parse_log(a, &log, &parsed, &found);
	if (err) {
		pgr_error_destroy(log_err);
		return err;
	}
	if (found) {
		crash_record_deinit(a->rec);
		*a->rec = parsed;
	}
	if ((err = soften(a, log_err, "kernel log")) ||
	    (err = fill_from_dump(a, found)))
		return err;
	log_pages(a);
	cpu_from_notes(a);
	_cleanup_free_ char *vmlinux = NULL;
	if ((err = resolve_vmlinux(a, &vmlinux)))
		return err;
	if ((err = run_kernel_half(a, vmlinux)) ||
	    (err = enrich_frames(a->rec)))
		return err;
	// Without a report from the log, the kernel half's frames name it.
	return found ? NULL : crash_record_finish(a->rec);
}

struct pgr_error *vmcore_analyze(const char *path,
				 const struct vmcore_options *opts,
				 struct crash_record *ret)
{
	crash_record_init(ret);
	struct analysis a = { .path = path, .opts = opts, .rec = ret };
	_cleanup_(vmcore_dump_closep) struct vmcore_dump *dump = NULL;
	struct pgr_error *err = vmcore_dump_open(path, &dump);
	if (err)
		return err;
	a.dump = dump;
	// A dump cut short is read as far as it goes, and says so first.
	const char *incomplete = vmcore_dump_facts(dump)->incomplete;
	if (incomplete) {
		if (opts->warnings)
			fprintf(opts->warnings,
				"pagerace: warning: %s: incomplete dump: %s\n",
				path, incomplete);
		struct finding *f = finding_vector_append_entry(&ret->findings);
		if (!f || !(f->id = record_strdup(ret, "vmcore-incomplete")) ||
		    !(f->text = record_strdup(ret, incomplete)))
			return &pgr_enomem;
	}
	return analyze_dump(&a);
}

struct pgr_error *vmcore_print_log(const char *path, bool caller_id,
				   FILE *out)
{
	_cleanup_(vmcore_dump_closep) struct vmcore_dump *dump = NULL;
	struct pgr_error *err = vmcore_dump_open(path, &dump);
	if (err)
		return err;
	_cleanup_(printk_logp) struct printk_log log = { 0 };
	err = printk_read(dump, caller_id ? PRINTK_CALLER : 0, &log);
	if (err)
		return pgr_error_prefix(err, "%s: kernel log", path);
	fwrite(log.text, 1, log.len, out);
	return NULL;
}

static void print_vmlinux(struct vmcore_dump *dump, const char *path,
			  const struct vmcore_options *opts, FILE *out)
{
	_cleanup_free_ char *found = NULL;
	const char *vmlinux = opts->vmlinux;
	struct pgr_error *err = NULL;
	if (!vmlinux) {
		err = vmlinux_find(opts->debug_root,
				   vmcore_dump_facts(dump)->release, &found);
		vmlinux = found;
	}
	if (!err)
		err = vmlinux_check(dump, path, vmlinux);
	if (err)
		fprintf(out, "vmlinux: none: %s\n", err->message);
	else
		fprintf(out, "vmlinux: %s\n", vmlinux);
	pgr_error_destroy(err);
}

struct pgr_error *vmcore_print_info(const char *path,
				    const struct vmcore_options *opts,
				    FILE *out)
{
	_cleanup_(vmcore_dump_closep) struct vmcore_dump *dump = NULL;
	struct pgr_error *err = vmcore_dump_open(path, &dump);
	if (err)
		return err;
	const struct vmcore_facts *f = vmcore_dump_facts(dump);
	fprintf(out, "dump: %s\nformat: %s\narch: %s\nrelease: %s\n", path,
		f->format, f->arch, f->release);
	fprintf(out, "build-id: %s\n", f->build_id ? f->build_id : "none");
	fprintf(out, "kaslr-offset: 0x%" PRIx64 "\npage-size: %" PRIu64
		"\ncpus: %u\ncrash-time: %" PRId64 "\n",
		f->kaslr_offset, f->page_size, f->ncpus, f->crash_time);
	fprintf(out, "complete: %s%s\n", f->incomplete ? "no: " : "yes",
		f->incomplete ? f->incomplete : "");
	for (unsigned int cpu = 0; cpu < f->ncpus && cpu < 64; cpu++) {
		int64_t pid;
		uint64_t rip;
		struct pgr_error *e1 = vmcore_cpu_pid(dump, cpu, &pid);
		struct pgr_error *e2 = vmcore_cpu_reg(dump, cpu, "rip", &rip);
		if (!e1 && !e2)
			fprintf(out, "cpu %u: pid %" PRId64 " rip 0x%" PRIx64 "\n",
				cpu, pid, rip);
		pgr_error_destroy(e1);
		pgr_error_destroy(e2);
	}
	print_vmlinux(dump, path, opts, out);
	return NULL;
}
