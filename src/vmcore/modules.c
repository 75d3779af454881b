// SPDX-License-Identifier: GPL-2.0-or-later
// Loaded modules, read from the dump: the list at "modules", each
// module's address range, its kallsyms (the ELF symbols the kernel kept)
// and its ORC tables.  With --module-debug DIR, the module's .ko gives
// source lines (debuginfo/debugfile.h).
#include <gelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debuginfo/debugfile.h"
#include "vmcore/kernel_priv.h" // IWYU pragma: associated

/** More than any real system loads; bounds a corrupt list. */
static const size_t MAX_MODULES = 8192;
static const uint32_t MAX_MODULE_SYMS = 1u << 20;

struct module_layout_offsets {
	int64_t list, name, core_base, core_size, init_base, init_size;
	int64_t kallsyms, num_orcs, orc_ip, orc;
	int64_t ks_symtab, ks_num, ks_strtab;
	/** struct module_memory mem[] (6.4+): where core and init are. */
	int64_t mem, mem_size, mem_base, mem_len;
};

// Until 6.4 a module had core_layout/init_layout; since then mem[] by
// type, Linux kernel commit ac3b43283923 ("module: replace module_layout
// with module_memory") (in v6.4).  Index 0 is MOD_TEXT, 4 MOD_INIT_TEXT.
#define MOD(f, t, m) TYPES_FIELD(struct module_layout_offsets, f, t, m)
static const struct types_field module_fields[] = {
	MOD(list, "module", "list"),
	MOD(name, "module", "name"),
	MOD(core_base, "module", "core_layout.base"),
	MOD(core_size, "module", "core_layout.size"),
	MOD(init_base, "module", "init_layout.base"),
	MOD(init_size, "module", "init_layout.size"),
	MOD(mem, "module", "mem"),
	MOD(mem_size, "module_memory", NULL),
	MOD(mem_base, "module_memory", "base"),
	MOD(mem_len, "module_memory", "size"),
	MOD(kallsyms, "module", "kallsyms"),
	MOD(num_orcs, "module", "arch.num_orcs"),
	MOD(orc_ip, "module", "arch.orc_unwind_ip"),
	MOD(orc, "module", "arch.orc_unwind"),
	MOD(ks_symtab, "mod_kallsyms", "symtab"),
	MOD(ks_num, "mod_kallsyms", "num_symtab"),
	MOD(ks_strtab, "mod_kallsyms", "strtab"),
};
#undef MOD

static bool module_offsets(struct vmcore_kernel *k,
			   struct module_layout_offsets *o)
{
	types_resolve(k, module_fields,
		      sizeof(module_fields) / sizeof(module_fields[0]), o);
	if (o->core_base < 0 && o->mem >= 0 && o->mem_size > 0) {
		o->core_base = o->mem + o->mem_base;
		o->core_size = o->mem + o->mem_len;
		o->init_base = o->mem + 4 * o->mem_size + o->mem_base;
		o->init_size = o->mem + 4 * o->mem_size + o->mem_len;
	}
	return o->list >= 0 && o->name >= 0 && o->core_base >= 0 &&
	       o->core_size >= 0;
}

static uint32_t read_u32_or0(struct vmcore_kernel *k, uint64_t addr)
{
	uint32_t v = 0;
	if (!kread_ok(k, addr, &v, sizeof(v)))
		return 0;
	return v;
}

// The module's strtab has no recorded length: read up to just past the
// last name used, falling back to a tighter read at a mapping's end.
static char *read_strtab(struct vmcore_kernel *k, uint64_t addr,
			 uint64_t max_name)
{
	for (uint64_t extra = 256;; extra = 1) {
		size_t len = max_name + extra;
		char *s = malloc(len + 1);
		if (!s)
			return NULL;
		if (kread_ok(k, addr, s, len)) {
			s[len] = '\0';
			return s;
		}
		free(s);
		if (extra == 1)
			return NULL;
	}
}

static bool module_text(const struct kmodule *m, uint64_t addr)
{
	return (addr >= m->core_base && addr - m->core_base < m->core_size) ||
	       (addr >= m->init_base && addr - m->init_base < m->init_size);
}

static struct pgr_error *module_kallsyms(struct vmcore_kernel *k,
					 const struct module_layout_offsets *o,
					 struct kmodule *m)
{
	uint64_t ks, symtab, strtab;
	if (o->kallsyms < 0 || !kread_u64_ok(k, m->addr + o->kallsyms, &ks) ||
	    !ks || !kread_u64_ok(k, ks + o->ks_symtab, &symtab) ||
	    !kread_u64_ok(k, ks + o->ks_strtab, &strtab))
		return NULL;
	uint32_t n = read_u32_or0(k, ks + o->ks_num);
	if (!n || n > MAX_MODULE_SYMS)
		return NULL;
	Elf64_Sym *syms = malloc((size_t)n * sizeof(*syms));
	if (!syms)
		return &pgr_enomem;
	if (!kread_ok(k, symtab, syms, (size_t)n * sizeof(*syms))) {
		free(syms);
		return NULL;
	}
	uint64_t max_name = 0;
	for (uint32_t i = 0; i < n; i++)
		if (syms[i].st_name > max_name)
			max_name = syms[i].st_name;
	m->strtab = max_name < (16u << 20) ? read_strtab(k, strtab, max_name) :
					     NULL;
	for (uint32_t i = 1; m->strtab && i < n; i++) {
		const Elf64_Sym *s = &syms[i];
		int type = ELF64_ST_TYPE(s->st_info);
		const char *name = m->strtab + s->st_name;
		if (s->st_shndx == SHN_UNDEF || !*name ||
		    (type != STT_FUNC && type != STT_NOTYPE &&
		     type != STT_OBJECT))
			continue;
		struct ksym ks_ = { .addr = s->st_value,
				    .name = name,
				    .size = s->st_size,
				    .func = type == STT_FUNC };
		if (!ksym_vector_append(&m->syms.all, &ks_) ||
		    (type != STT_OBJECT && module_text(m, s->st_value) &&
		     !ksym_vector_append(&m->syms.text, &ks_))) {
			free(syms);
			return &pgr_enomem;
		}
	}
	free(syms);
	return symtab_finish(&m->syms);
}

static void module_orc(struct vmcore_kernel *k,
		       const struct module_layout_offsets *o, struct kmodule *m)
{
	uint64_t ip, orc;
	if (o->num_orcs < 0 || o->orc_ip < 0 || o->orc < 0)
		return;
	uint32_t n = read_u32_or0(k, m->addr + o->num_orcs);
	if (!n || n > (1u << 22) ||
	    !kread_u64_ok(k, m->addr + o->orc_ip, &ip) ||
	    !kread_u64_ok(k, m->addr + o->orc, &orc))
		return;
	m->orc_ip_buf = malloc((size_t)n * 4);
	m->orc_buf = malloc((size_t)n * 6);
	if (!m->orc_ip_buf || !m->orc_buf ||
	    !kread_ok(k, ip, m->orc_ip_buf, (size_t)n * 4) ||
	    !kread_ok(k, orc, m->orc_buf, (size_t)n * 6)) {
		free(m->orc_ip_buf);
		free(m->orc_buf);
		m->orc_ip_buf = m->orc_buf = NULL;
		return;
	}
	m->orc = (struct orc_table){ .ip_addr = ip,
				     .ip = m->orc_ip_buf,
				     .entries = m->orc_buf,
				     .n = n };
}

static struct pgr_error *module_read(struct vmcore_kernel *k,
				     const struct module_layout_offsets *o,
				     uint64_t addr, struct kmodule *m)
{
	m->addr = addr;
	if (!kread_ok(k, addr + o->name, m->name, sizeof(m->name) - 8))
		return pgr_error_format(
			PGR_ERROR_BAD_DATA,
			"cannot read struct module at 0x%" PRIx64, addr);
	m->name[sizeof(m->name) - 8] = '\0';
	uint64_t v;
	if (kread_u64_ok(k, addr + o->core_base, &v))
		m->core_base = v;
	m->core_size = read_u32_or0(k, addr + o->core_size);
	if (o->init_base >= 0 && kread_u64_ok(k, addr + o->init_base, &v)) {
		m->init_base = v;
		m->init_size = read_u32_or0(k, addr + o->init_size);
	}
	module_orc(k, o, m);
	return module_kallsyms(k, o, m);
}

struct pgr_error *modules_load(struct vmcore_kernel *k)
{
	if (k->modules_loaded)
		return NULL;
	k->modules_loaded = true;
	struct module_layout_offsets o;
	uint64_t head, pos;
	if (!module_offsets(k, &o) ||
	    !symtab_find_name(&k->syms, "modules", &head))
		return pgr_error_create(
			PGR_ERROR_NOT_FOUND,
			"no module list (struct module or \"modules\" unknown)");
	if (!kread_u64_ok(k, head, &pos))
		return pgr_error_create(PGR_ERROR_BAD_DATA,
					"cannot read the module list head");
	for (size_t i = 0; pos != head; i++) {
		if (i >= MAX_MODULES)
			return pgr_error_create(
				PGR_ERROR_LIMIT,
				"module list does not end (corrupt?)");
		struct kmodule *m = kmodule_vector_append_entry(&k->modules);
		if (!m)
			return &pgr_enomem;
		struct pgr_error *err = module_read(k, &o, pos - o.list, m);
		if (err)
			return err;
		if (!kread_u64_ok(k, pos, &pos))
			return pgr_error_format(PGR_ERROR_BAD_DATA,
						"module list broken after %s",
						m->name);
	}
	return NULL;
}

void modules_free(struct vmcore_kernel *k)
{
	vector_for_each(struct kmodule, m, &k->modules) {
		symtab_deinit(&m->syms);
		free(m->strtab);
		free(m->orc_ip_buf);
		free(m->orc_buf);
		debugfile_close(m->debug);
	}
	kmodule_vector_deinit(&k->modules);
}

struct kmodule *modules_find(struct vmcore_kernel *k, uint64_t addr)
{
	vector_for_each(struct kmodule, m, &k->modules) {
		if (module_text(m, addr))
			return m;
	}
	return NULL;
}

// Functions are matched by name between the running module and its .ko,
// so the section layout the kernel chose does not matter.
bool module_srcline(struct vmcore_kernel *k, struct kmodule *m, uint64_t addr,
		    const struct ksym_info *info, struct srcline *ret)
{
	if (!k->module_debug_dir)
		return false;
	if (!m->debug_tried) {
		m->debug_tried = true;
		m->debug = debugfile_open_module(k->module_debug_dir, m->name,
						 NULL);
	}
	uint64_t ko_func;
	return m->debug &&
	       debugfile_function(m->debug, info->name, info->size, &ko_func) &&
	       debugfile_srcline(m->debug, ko_func + (addr - info->sym_addr),
				 ret);
}
