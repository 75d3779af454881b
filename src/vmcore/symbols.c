// SPDX-License-Identifier: GPL-2.0-or-later
// Symbol tables: vmlinux's ELF .symtab through libelf (mapped, so only
// the pages used are read), relocated by the KASLR offset; modules'
// tables come from modules.c in the same form.
#include <gelf.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "vmcore/kernel_priv.h" // IWYU pragma: associated

void symtab_deinit(struct symtab *t)
{
	ksym_vector_deinit(&t->text);
	ksym_vector_deinit(&t->all);
	free(t->hash);
	t->hash = NULL;
}

static int ksym_cmp(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	// At one address, prefer functions, then sized symbols, so
	// "foo" wins over an assembler label at the same place.
	if (x->func != y->func)
		return x->func ? -1 : 1;
	if ((x->size != 0) != (y->size != 0))
		return x->size ? -1 : 1;
	return strcmp(x->name, y->name);
}

static uint64_t name_hash(const char *name)
{
	return fnv1a64(FNV1A64_INIT, name, strlen(name));
}

struct pgr_error *symtab_finish(struct symtab *t)
{
	qsort(t->text.data, t->text.size, sizeof(struct ksym), ksym_cmp);
	size_t out = 0;
	for (size_t i = 0; i < t->text.size; i++) {
		if (out && t->text.data[out - 1].addr == t->text.data[i].addr)
			continue;
		t->text.data[out++] = t->text.data[i];
	}
	t->text.size = out;

	size_t cap = 16;
	while (cap < t->all.size * 2)
		cap *= 2;
	t->hash = malloc(cap * sizeof(*t->hash));
	if (!t->hash)
		return &pgr_enomem;
	memset(t->hash, 0xff, cap * sizeof(*t->hash));
	t->hash_mask = cap - 1;
	for (size_t i = 0; i < t->all.size; i++) {
		size_t h = name_hash(t->all.data[i].name) & t->hash_mask;
		while (t->hash[h] != UINT32_MAX) {
			// Keep the first of duplicate (local) names.
			if (strcmp(t->all.data[t->hash[h]].name,
				   t->all.data[i].name) == 0)
				break;
			h = (h + 1) & t->hash_mask;
		}
		if (t->hash[h] == UINT32_MAX)
			t->hash[h] = (uint32_t)i;
	}
	return NULL;
}

bool symtab_find_name(const struct symtab *t, const char *name, uint64_t *ret)
{
	if (!t->hash)
		return false;
	size_t h = name_hash(name) & t->hash_mask;
	for (size_t probes = 0; probes <= t->hash_mask; probes++) {
		uint32_t i = t->hash[h];
		if (i == UINT32_MAX)
			return false;
		if (strcmp(t->all.data[i].name, name) == 0) {
			*ret = t->all.data[i].addr;
			return true;
		}
		h = (h + 1) & t->hash_mask;
	}
	return false;
}

const struct ksym *symtab_find_addr(const struct symtab *t, uint64_t addr,
				    uint64_t *size_ret)
{
	size_t lo = 0, hi = t->text.size;
	if (!hi || addr < t->text.data[0].addr)
		return NULL;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->text.data[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	const struct ksym *s = &t->text.data[lo];
	uint64_t next = lo + 1 < t->text.size ? t->text.data[lo + 1].addr : 0;
	uint64_t size = next ? next - s->addr : s->size;
	// The last symbol of a table: trust its own size only.
	if (!next && (!s->size || addr >= s->addr + s->size))
		return NULL;
	*size_ret = size;
	return s;
}

static bool section_is_text(Elf *elf, size_t shndx)
{
	GElf_Shdr shdr;
	Elf_Scn *scn = elf_getscn(elf, shndx);
	return scn && gelf_getshdr(scn, &shdr) &&
	       (shdr.sh_flags & SHF_EXECINSTR) && (shdr.sh_flags & SHF_ALLOC);
}

static bool add_symbol(struct vmcore_kernel *k, const GElf_Sym *sym,
		       const char *name, const bool *text_sections,
		       size_t nsections)
{
	int type = GELF_ST_TYPE(sym->st_info);
	if (!name || !*name || sym->st_shndx == SHN_UNDEF ||
	    (type != STT_FUNC && type != STT_NOTYPE && type != STT_OBJECT))
		return true;
	// Per-CPU symbols are offsets in .data..percpu (linked at 0) and
	// are not moved by KASLR; the kernel image is.
	uint64_t addr = sym->st_value;
	if (addr >= KERNEL_MAP_START)
		addr += k->kaslr;
	struct ksym ks = { .addr = addr,
			   .name = name,
			   .size = sym->st_size,
			   .func = type == STT_FUNC };
	if (!ksym_vector_append(&k->syms.all, &ks))
		return false;
	bool text = sym->st_shndx < nsections && text_sections[sym->st_shndx];
	if (text && type != STT_OBJECT && addr >= KERNEL_MAP_START)
		return ksym_vector_append(&k->syms.text, &ks);
	return true;
}

static struct pgr_error *read_symtab(struct vmcore_kernel *k, Elf_Scn *scn,
				     const GElf_Shdr *shdr)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	if (!data)
		return pgr_error_format(PGR_ERROR_BAD_DATA, "%s: .symtab: %s",
					k->vmlinux, elf_errmsg(-1));
	size_t nsections;
	if (elf_getshdrnum(k->elf, &nsections) != 0)
		return pgr_error_format(PGR_ERROR_BAD_DATA, "%s: %s",
					k->vmlinux, elf_errmsg(-1));
	bool *text = calloc(nsections ? nsections : 1, sizeof(*text));
	if (!text)
		return &pgr_enomem;
	for (size_t i = 0; i < nsections; i++)
		text[i] = section_is_text(k->elf, i);
	size_t n = shdr->sh_size / (shdr->sh_entsize ? shdr->sh_entsize : 24);
	bool ok = ksym_vector_reserve(&k->syms.all, n);
	for (size_t i = 1; ok && i < n; i++) {
		GElf_Sym sym;
		if (!gelf_getsym(data, (int)i, &sym))
			break;
		const char *name =
			elf_strptr(k->elf, shdr->sh_link, sym.st_name);
		ok = add_symbol(k, &sym, name, text, nsections);
	}
	free(text);
	if (!ok)
		return &pgr_enomem;
	return symtab_finish(&k->syms);
}

struct pgr_error *symbols_load_vmlinux(struct vmcore_kernel *k)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(k->elf, scn))) {
		GElf_Shdr shdr;
		if (gelf_getshdr(scn, &shdr) && shdr.sh_type == SHT_SYMTAB)
			return read_symtab(k, scn, &shdr);
	}
	return pgr_error_format(
		PGR_ERROR_NOT_FOUND,
		"%s has no symbol table (.symtab): a stripped vmlinux cannot be used",
		k->vmlinux);
}

bool kernel_is_text(struct vmcore_kernel *k, uint64_t addr)
{
	struct ksym_info info;
	return addr >= KERNEL_SPACE_START && kernel_symbolize(k, addr, &info);
}

bool kernel_symbolize(struct vmcore_kernel *k, uint64_t addr,
		      struct ksym_info *ret)
{
	uint64_t size;
	const struct ksym *s = NULL;
	const char *module = NULL;
	if (addr >= KERNEL_MAP_START) {
		struct kmodule *m = modules_find(k, addr);
		if (m) {
			s = symtab_find_addr(&m->syms, addr, &size);
			module = m->name;
		} else {
			s = symtab_find_addr(&k->syms, addr, &size);
		}
	}
	if (!s)
		return false;
	// Far past the end of a sized symbol is not code (data between
	// text sections, or a gap); padding is never more than a page.
	if (s->size && addr - s->addr >= s->size + 4096)
		return false;
	*ret = (struct ksym_info){ .name = s->name,
				   .module = module,
				   .sym_addr = s->addr,
				   .offset = addr - s->addr,
				   .size = size };
	return true;
}

struct pgr_error *kernel_percpu(struct vmcore_kernel *k, const char *name,
				unsigned int cpu, uint64_t *ret)
{
	uint64_t var, offsets;
	if (!symtab_find_name(&k->syms, name, &var) ||
	    !symtab_find_name(&k->syms, "__per_cpu_offset", &offsets))
		return pgr_error_format(PGR_ERROR_NOT_FOUND,
					"no per-CPU symbol %s", name);
	uint64_t base;
	struct pgr_error *err =
		vmcore_read_u64(k->dump, offsets + 8 * cpu, &base);
	if (err)
		return err;
	*ret = base + var;
	return NULL;
}

static const char *exact_symbol(const struct symtab *t, uint64_t addr)
{
	vector_for_each(const struct ksym, s, &t->all) {
		if (s->addr == addr)
			return s->name;
	}
	return NULL;
}

const char *kernel_object_name(struct vmcore_kernel *k, uint64_t addr)
{
	const char *name = exact_symbol(&k->syms, addr);
	vector_for_each(struct kmodule, m, &k->modules) {
		if (name)
			break;
		name = exact_symbol(&m->syms, addr);
	}
	return name;
}
