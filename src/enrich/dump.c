// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "enrich/dump.h" // IWYU pragma: associated
#include "vmcore/kernel.h"
#include "vmcore/vmlinux.h"

static struct pgr_error *add_finding(struct dump_enrichment *e, const char *id,
				     const char *msg)
{
	struct finding *f = finding_vector_append_entry(&e->rec->findings);
	if (!f || !(f->id = record_strdup(e->rec, id)) ||
	    !(f->text = record_strdup(e->rec, msg)))
		return &pgr_enomem;
	return NULL;
}

// Say @p msg on the warning stream and as finding @p id in the record,
// so a partial report says what it lacks.
static struct pgr_error *warn_finding(struct dump_enrichment *e, const char *id,
				      const char *msg)
{
	if (e->opts->warnings)
		fprintf(e->opts->warnings, "pagerace: warning: %s: %s\n",
			e->src->path, msg);
	return add_finding(e, id, msg);
}

// Something could not be read: a "vmcore-unread" finding.
static struct pgr_error *unread(struct dump_enrichment *e, const char *fmt, ...)
	__attribute__((__format__(__printf__, 2, 3)));
static struct pgr_error *unread(struct dump_enrichment *e, const char *fmt, ...)
{
	_cleanup_free_ char *msg = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return &pgr_enomem;
	return warn_finding(e, "vmcore-unread", msg);
}

// A failure that leaves the report partial rather than failing it; only
// running out of memory stops the analysis.
static struct pgr_error *soften(struct dump_enrichment *e,
				struct pgr_error *err, const char *what)
{
	if (!err || err->code == PGR_ERROR_NO_MEMORY)
		return err;
	struct pgr_error *u = unread(e, "%s: %s", what, err->message);
	pgr_error_destroy(err);
	return u;
}

void dump_enrichment_deinit(struct dump_enrichment *e)
{
	vmcore_kernel_close(e->kernel);
	e->kernel = NULL;
}

static const struct vmcore_facts *facts(const struct dump_enrichment *e)
{
	return vmcore_dump_facts(e->src->dump);
}

// A dump cut short is read as far as it goes, and says so first, also
// when the log it kept reported the crash.
static struct pgr_error *note_incomplete(struct dump_enrichment *e)
{
	const char *incomplete = facts(e)->incomplete;
	if (!incomplete)
		return NULL;
	if (e->opts->warnings)
		fprintf(e->opts->warnings,
			"pagerace: warning: %s: incomplete dump: %s\n",
			e->src->path, incomplete);
	return add_finding(e, "vmcore-incomplete", incomplete);
}

static struct pgr_error *fill_from_dump(struct dump_enrichment *e)
{
	struct crash_record *rec = e->rec;
	const struct vmcore_facts *f = facts(e);
	rec->source = RECORD_FROM_VMCORE;
	if (!rec->input && !(rec->input = record_strdup(rec, e->src->path)))
		return &pgr_enomem;
	if (!rec->kernel_version &&
	    !(rec->kernel_version = record_strdup(rec, f->release)))
		return &pgr_enomem;
	if (!rec->arch && !(rec->arch = record_strdup(rec, f->arch)))
		return &pgr_enomem;
	if (e->from_log)
		return NULL;
	rec->kind = CRASH_UNKNOWN;
	struct pgr_error *err = crash_record_finish(rec);
	if (err)
		return err;
	return unread(
		e,
		"no oops or panic report in the kernel log: the crash itself is unknown");
}

// With an in-guest kdump the crashing CPU's PRSTATUS note carries the
// crashing task's pid; QEMU writes vCPU index + 1 there instead, so a
// match only counts when the log named the pid.
static void cpu_from_notes(struct dump_enrichment *e)
{
	struct crash_record *rec = e->rec;
	if (rec->cpu.known || !rec->pid.known || rec->pid.value == 0)
		return;
	unsigned int ncpus = facts(e)->ncpus;
	for (unsigned int cpu = 0; cpu < ncpus && cpu < 8192; cpu++) {
		int64_t pid;
		struct pgr_error *err = vmcore_cpu_pid(e->src->dump, cpu, &pid);
		pgr_error_destroy(err);
		if (!err && pid == rec->pid.value) {
			rec->cpu = pgr_s64_of(cpu);
			return;
		}
	}
}

static bool arch_is_64bit(const char *arch)
{
	return arch && (strstr(arch, "64") || strcmp(arch, "s390x") == 0 ||
			strcmp(arch, "alpha") == 0);
}

// The log's dump_page() blocks: page forensics completes them from
// memory by pfn; on a 64-bit kernel a 32-bit "page:" is a %p hash id,
// never presented as an address.
static void log_pages(struct dump_enrichment *e)
{
	bool wide = arch_is_64bit(facts(e)->arch);
	vector_for_each(struct page_dump, p, &e->rec->pages) {
		p->from_log = true;
		if (wide)
			page_dump_check_hashed(p);
	}
}

struct pgr_error *enrich_dump_facts(struct dump_enrichment *e)
{
	struct pgr_error *log_err = e->src->log_err;
	e->src->log_err = NULL;
	struct pgr_error *err = note_incomplete(e);
	if (err) {
		pgr_error_destroy(log_err);
		return err;
	}
	if ((err = soften(e, log_err, "kernel log")) ||
	    (err = fill_from_dump(e)))
		return err;
	log_pages(e);
	cpu_from_notes(e);
	return NULL;
}

/**
 * The vmlinux to use, or NULL when none is found, the one found is
 * another build, or --no-vmlinux: then the dump alone is read (with a
 * warning saying why).  An explicit --vmlinux that does not match is an
 * error: the user named the wrong file.
 */
static struct pgr_error *resolve_vmlinux(struct dump_enrichment *e, char **ret)
{
	*ret = NULL;
	const struct vmcore_options *o = e->opts;
	struct vmcore_dump *dump = e->src->dump;
	const char *path = e->src->path;
	if (o->no_vmlinux)
		return NULL;
	if (o->vmlinux)
		return vmlinux_check(dump, path, o->vmlinux) ?:
			       ((*ret = strdup(o->vmlinux)) ? NULL :
							      &pgr_enomem);
	_cleanup_free_ char *found = NULL;
	struct pgr_error *err =
		vmlinux_find(o->debug_root, facts(e)->release, &found);
	if (!err)
		err = vmlinux_check(dump, path, found);
	if (err == &pgr_enomem)
		return err;
	if (err) {
		if (o->warnings)
			fprintf(o->warnings,
				"pagerace: warning: %s: %s: reading the dump alone\n",
				path, err->message);
		pgr_error_destroy(err);
		return NULL;
	}
	*ret = no_cleanup_ptr(found);
	return NULL;
}

// Without vmlinux the report says where its symbols, types and stacks
// came from and what the dump could not give.
static struct pgr_error *note_dump_alone(struct dump_enrichment *e)
{
	const char *missing = vmcore_kernel_missing(e->kernel);
	_cleanup_free_ char *msg = NULL;
	if (asprintf(
		    &msg,
		    "no vmlinux: symbols from the dump's kallsyms, types from its BTF, stacks from its ORC tables; no file:line and no inline frames%s%s",
		    missing ? "; but the dump lacks some: " : "",
		    missing ? missing : "") < 0)
		return &pgr_enomem;
	return warn_finding(e, "vmcore-no-vmlinux", msg);
}

struct pgr_error *enrich_dump_kernel(struct dump_enrichment *e)
{
	_cleanup_free_ char *vmlinux = NULL;
	struct pgr_error *err = resolve_vmlinux(e, &vmlinux);
	if (err)
		return err;
	if ((err = vmcore_kernel_open(e->src->dump, vmlinux, &e->kernel)))
		return soften(
			e, err,
			vmlinux ?
				"kernel symbols and types" :
				"no vmlinux, and no symbols from the dump: no stacks of other tasks, no page forensics");
	if (!vmlinux && (err = note_dump_alone(e)))
		return err;
	if (e->opts->module_debug)
		err = soften(e,
			     vmcore_kernel_set_module_debug(
				     e->kernel, e->opts->module_debug),
			     "--module-debug");
	return err;
}

// panic_cpu is the dump's own answer (atomic_t, -1 while no panic).
static struct pgr_error *cpu_from_panic_cpu(struct dump_enrichment *e)
{
	uint64_t addr;
	uint32_t v;
	struct pgr_error *err =
		vmcore_kernel_symbol(e->kernel, "panic_cpu", &addr);
	if (!err)
		err = vmcore_read_u32(e->src->dump, addr, &v);
	if (err)
		return soften(e, err, "panic_cpu");
	int32_t cpu = (int32_t)v;
	unsigned int ncpus = facts(e)->ncpus;
	if (cpu < 0 || (ncpus && (unsigned int)cpu >= ncpus))
		return NULL;
	struct crash_record *rec = e->rec;
	if (rec->cpu.known && rec->cpu.value != cpu)
		return unread(e,
			      "the log's oops is on CPU %" PRId64
			      " but panic_cpu is %d: using panic_cpu",
			      rec->cpu.value, cpu);
	rec->cpu = pgr_s64_of(cpu);
	return NULL;
}

struct pgr_error *enrich_task_stacks(struct dump_enrichment *e)
{
	if (!e->kernel)
		return NULL;
	return cpu_from_panic_cpu(e) ?:
		       soften(e, vmcore_collect_tasks(e->kernel, e->rec),
			      "task stacks");
}

struct pgr_error *enrich_page_forensics(struct dump_enrichment *e)
{
	if (!e->kernel)
		return NULL;
	return soften(e, vmcore_page_forensics(e->kernel, e->rec),
		      "page forensics");
}

struct pgr_error *enrich_dump_title(struct dump_enrichment *e)
{
	return e->from_log ? NULL : crash_record_finish(e->rec);
}

struct pgr_error *dump_describe(struct vmcore_source *src,
				const struct vmcore_options *opts,
				struct dump_description *ret)
{
	memset(ret, 0, sizeof(*ret));
	struct vmcore_dump *dump = src->dump;
	const struct vmcore_facts *f = vmcore_dump_facts(dump);
	ret->path = src->path;
	ret->facts = f;
	for (unsigned int cpu = 0; cpu < f->ncpus && cpu < 64; cpu++) {
		struct dump_cpu *c = &ret->cpus[ret->ncpus];
		struct pgr_error *e1 = vmcore_cpu_pid(dump, cpu, &c->pid);
		struct pgr_error *e2 =
			vmcore_cpu_reg(dump, cpu, "rip", &c->rip);
		if (!e1 && !e2)
			c->cpu = cpu, ret->ncpus++;
		pgr_error_destroy(e1);
		pgr_error_destroy(e2);
	}
	const char *vmlinux = opts->vmlinux;
	struct pgr_error *err = NULL;
	if (!vmlinux) {
		err = vmlinux_find(opts->debug_root, f->release, &ret->found);
		vmlinux = ret->found;
	}
	if (!err)
		err = vmlinux_check(dump, src->path, vmlinux);
	if (err == &pgr_enomem)
		return err;
	if (err)
		ret->vmlinux_err = err;
	else
		ret->vmlinux = vmlinux;
	return NULL;
}

void dump_description_deinit(struct dump_description *d)
{
	pgr_error_destroy(d->vmlinux_err);
	free(d->found);
}
