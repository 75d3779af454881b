// SPDX-License-Identifier: GPL-2.0-or-later
// A report names its kernel in dump_stack()'s "CPU: 0 PID: 1 Comm: sh Not
// tainted 6.1.0-28-amd64 #1 Debian 6.1.119-1" line: the release, the
// first word of the version (Debian adds its package version), and with
// CONFIG_STACKTRACE_BUILD_ID the vmlinux's build id at the end (Linux
// kernel commit 22f4e66df79f "dump_stack: add vmlinux build ID to stack
// traces", v5.14), which also puts each module's build id in its frames
// ("[ext4 0a1b...]").  A build id decides; without one the release and
// the version words must all be in the vmlinux's linux_banner.
//
// Frames are looked up at the symbol's address in the file plus the
// printed offset.  A call trace lists return addresses: the instruction
// after the call, which may belong to the next line, to another inline
// scope, or (after a call that does not return) to the next function.
// The lookup is one byte earlier, inside the call, as the kernel's own
// %pB does to name the frame; the fault site (RIP:) is the faulting
// instruction itself.  decode_stacktrace.sh passes func+offset to
// addr2line for every frame; printed_addresses does the same.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debuginfo/debugfile.h"
#include "enrich/log_debug.h" // IWYU pragma: associated

enum { MAX_MODULE_FILES = 512, LOOKUP_CACHE_SIZE = 8192 };

/**
 * A lookup done before: logs repeat frames (one report per CPU, the same
 * path in every task), and a chain costs a walk of its unit's scopes.
 */
struct cached_lookup {
	const struct debugfile *file;
	uint64_t addr;
	bool found;
	struct srcline src;
};

struct module_file {
	char *name;
	char *path;
	/** NULL when the directory has no file for the module. */
	struct debugfile *debug;
};

struct log_debug {
	struct log_debug_options opts;
	struct debugfile *vmlinux;
	char banner[512];
	struct module_file *modules;
	size_t nmodules;
	/** Open addressing on the address. */
	struct cached_lookup *cache;
	size_t cached;
};

struct pgr_error *log_debug_create(const struct log_debug_options *opts,
				   struct log_debug **ret)
{
	struct log_debug *ld = calloc(1, sizeof(*ld));
	if (ld &&
	    !(ld->cache = calloc(LOOKUP_CACHE_SIZE, sizeof(*ld->cache)))) {
		free(ld);
		ld = NULL;
	}
	if (!ld)
		return &pgr_enomem;
	ld->opts = *opts;
	*ret = ld;
	return NULL;
}

void log_debug_destroy(struct log_debug *ld)
{
	if (!ld)
		return;
	debugfile_close(ld->vmlinux);
	for (size_t i = 0; i < ld->nmodules; i++) {
		free(ld->modules[i].name);
		free(ld->modules[i].path);
		debugfile_close(ld->modules[i].debug);
	}
	free(ld->modules);
	free(ld->cache);
	free(ld);
}

static struct pgr_error *open_vmlinux(struct log_debug *ld)
{
	if (ld->vmlinux)
		return NULL;
	struct pgr_error *err =
		debugfile_open(ld->opts.vmlinux, "kernel", &ld->vmlinux);
	if (err)
		return err;
	if (!debugfile_has_dwarf(ld->vmlinux)) {
		debugfile_close(ld->vmlinux);
		ld->vmlinux = NULL;
		return pgr_error_format(
			PGR_ERROR_BAD_DATA,
			"%s: no DWARF debug info, so no source lines (the kernel's -dbg package has a vmlinux with it)",
			ld->opts.vmlinux);
	}
	debugfile_symbol_string(ld->vmlinux, "linux_banner", ld->banner,
				sizeof(ld->banner));
	ld->banner[strcspn(ld->banner, "\n")] = '\0';
	return NULL;
}

// A module's file, opened once per name (also when there is none).
static struct module_file *module_file(struct log_debug *ld, const char *name,
				       bool *enomem)
{
	for (size_t i = 0; i < ld->nmodules; i++)
		if (strcmp(ld->modules[i].name, name) == 0)
			return &ld->modules[i];
	if (ld->nmodules == MAX_MODULE_FILES)
		return NULL;
	if (!ld->nmodules &&
	    !(ld->modules = calloc(MAX_MODULE_FILES, sizeof(*ld->modules)))) {
		*enomem = true;
		return NULL;
	}
	struct module_file *m = &ld->modules[ld->nmodules];
	if (!(m->name = strdup(name))) {
		*enomem = true;
		return NULL;
	}
	ld->nmodules++;
	m->debug = debugfile_open_module(ld->opts.module_debug, name, &m->path);
	return m;
}

/** What the report's CPU: line says of its kernel. */
struct kernel_identity {
	/** The text after the release: "#1 Debian 6.1.119-1 [build id]". */
	const char *version;
	size_t version_len;
	char build_id[41];
};

static bool is_hex_word(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static void find_identity(const struct crash_record *rec,
			  struct kernel_identity *id)
{
	memset(id, 0, sizeof(*id));
	const char *rel = rec->kernel_version;
	if (!rec->text || !rel)
		return;
	size_t rlen = strlen(rel);
	for (const char *line = rec->text; *line;) {
		size_t len = strcspn(line, "\n");
		const char *comm = strstr(line, " Comm: ");
		const char *r = comm && comm < line + len ? comm : NULL;
		while (r && (r = strstr(r + 1, rel)) && r < line + len) {
			if (r[-1] == ' ' &&
			    (r[rlen] == ' ' || r[rlen] == '\n' || !r[rlen]))
				break;
		}
		if (r && r < line + len) {
			const char *v = r + rlen, *end = line + len;
			while (v < end && *v == ' ')
				v++;
			while (end > v && end[-1] == ' ')
				end--;
			const char *last = end;
			while (last > v && last[-1] != ' ')
				last--;
			if (end - last == 40 && is_hex_word(last, 40)) {
				memcpy(id->build_id, last, 40);
				end = last;
				while (end > v && end[-1] == ' ')
					end--;
			}
			id->version = v;
			id->version_len = end - v;
			return;
		}
		line += len + (line[len] == '\n');
	}
}

// Whether @p word (@p n bytes) is a whole word of @p text.
static bool has_word(const char *text, const char *word, size_t n)
{
	for (const char *q = text; n && (q = strchr(q, word[0])); q++) {
		if (strncmp(q, word, n) == 0 &&
		    (q == text || q[-1] == ' ' || q[-1] == '(') &&
		    (!q[n] || strchr(" ),", q[n])))
			return true;
	}
	return false;
}

static struct pgr_error *mismatch(const struct crash_record *rec,
				  const char *file, const char *what,
				  const char *why)
{
	return pgr_error_format(
		PGR_ERROR_BAD_DATA,
		"%s:%zu: %s is not the %s of this report: %s (--force-vmlinux uses it anyway)",
		rec->input, rec->first_line, file, what, why);
}

static struct pgr_error *check_kernel(struct log_debug *ld,
				      const struct crash_record *rec)
{
	struct kernel_identity id;
	find_identity(rec, &id);
	const char *vmlinux = ld->opts.vmlinux;
	const char *elf_id = debugfile_build_id(ld->vmlinux);
	char why[1024];
	if (id.build_id[0] && elf_id[0]) {
		if (strcmp(id.build_id, elf_id) == 0)
			return NULL;
		snprintf(why, sizeof(why),
			 "its build id is %s, the report's is %s", elf_id,
			 id.build_id);
		return mismatch(rec, vmlinux, "kernel", why);
	}
	if (!rec->kernel_version)
		return mismatch(
			rec, vmlinux, "kernel",
			"the report names neither its kernel's release nor its build id");
	if (!ld->banner[0])
		return mismatch(
			rec, vmlinux, "kernel",
			"it has no linux_banner to compare the report's release with");
	const char *rel = rec->kernel_version;
	size_t rlen = strlen(rel);
	bool same = strncmp(ld->banner, "Linux version ", 14) == 0 &&
		    strncmp(ld->banner + 14, rel, rlen) == 0 &&
		    ld->banner[14 + rlen] == ' ';
	// "#1" and Debian's "Debian 6.1.119-1": each word in the banner.
	const char *v = id.version, *end = id.version + id.version_len;
	while (same && v && v < end) {
		size_t n = strcspn(v, " ");
		if (v + n > end)
			n = end - v;
		// "PREEMPT(lazy)": the preemption model dump_stack's header
		// prints since "preempt: Add a generic function to return the
		// preemption string" (6.14); linux_banner spells it otherwise.
		bool model = n > 8 && memcmp(v, "PREEMPT(", 8) == 0;
		same = model || has_word(ld->banner + 14 + rlen, v, n);
		v += n;
		while (v < end && *v == ' ')
			v++;
	}
	if (same)
		return NULL;
	snprintf(
		why, sizeof(why),
		"its linux_banner is \"%.300s\", the report's kernel is %s %.*s",
		ld->banner, rel, (int)id.version_len,
		id.version ? id.version : "");
	return mismatch(rec, vmlinux, "kernel", why);
}

// The chain of @p addr in @p file, from the cache when it was looked up
// before.  A full cache only costs the lookup.
static bool lookup(struct log_debug *ld, struct debugfile *file, uint64_t addr,
		   struct srcline *ret)
{
	if (ld->cached >= LOOKUP_CACHE_SIZE / 2)
		return debugfile_srcline(file, addr, ret);
	size_t h = (addr * UINT64_C(0x9e3779b97f4a7c15)) >> 51;
	for (;; h = (h + 1) % LOOKUP_CACHE_SIZE) {
		struct cached_lookup *c = &ld->cache[h];
		if (!c->file)
			break;
		if (c->file == file && c->addr == addr) {
			*ret = c->src;
			return c->found;
		}
	}
	struct cached_lookup *c = &ld->cache[h];
	c->file = file;
	c->addr = addr;
	c->found = debugfile_srcline(file, addr, &c->src);
	ld->cached++;
	*ret = c->src;
	return c->found;
}

struct enrich_state {
	struct log_debug *ld;
	struct crash_record *rec;
	bool enomem;
	struct pgr_error *err;
};

static void symbolize(struct enrich_state *st, struct frame *f, bool exact)
{
	struct log_debug *ld = st->ld;
	if (st->enomem || st->err || f->source || f->no_symbol ||
	    !f->function || !f->offset.known)
		return;
	struct debugfile *file = ld->vmlinux;
	if (f->module) {
		if (!ld->opts.module_debug)
			return;
		struct module_file *m = module_file(ld, f->module, &st->enomem);
		if (!m || !m->debug)
			return;
		const char *want = f->module_build_id,
			   *have = debugfile_build_id(m->debug);
		if (want && have[0] && strcmp(want, have) != 0 &&
		    !ld->opts.force) {
			char why[512];
			snprintf(
				why, sizeof(why),
				"its build id is %s, the report's frames of %s have %s",
				have, f->module, want);
			st->err = mismatch(st->rec, m->path, "module", why);
			return;
		}
		file = m->debug;
	}
	uint64_t base;
	if (!debugfile_function(file, f->function,
				f->length.known ? f->length.value : 0, &base))
		return;
	uint64_t addr = base + f->offset.value;
	if (!exact && !ld->opts.printed_addresses && f->offset.value)
		addr--;
	struct srcline src;
	if (lookup(ld, file, addr, &src) && !srcline_to_frame(&src, st->rec, f))
		st->enomem = true;
}

static void symbolize_all(struct enrich_state *st, struct frame_vector *v)
{
	vector_for_each(struct frame, f, v)
		symbolize(st, f, false);
}

struct pgr_error *log_debug_enrich(struct log_debug *ld,
				   struct crash_record *rec)
{
	struct pgr_error *err = open_vmlinux(ld);
	if (err)
		return err;
	if (!ld->opts.force && (err = check_kernel(ld, rec)))
		return err;
	struct enrich_state st = { .ld = ld, .rec = rec };
	if (rec->has_fault)
		symbolize(&st, &rec->fault, true);
	symbolize_all(&st, &rec->frames);
	vector_for_each(struct task_stack, t, &rec->tasks)
		symbolize_all(&st, &t->frames);
	vector_for_each(struct task_stack, t, &rec->object_stacks)
		symbolize_all(&st, &t->frames);
	if (st.enomem) {
		pgr_error_destroy(st.err);
		return &pgr_enomem;
	}
	return st.err;
}
