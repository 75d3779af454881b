// SPDX-License-Identifier: GPL-2.0-or-later
#include <elf.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "debuginfo/debugfile.h" // IWYU pragma: associated

struct named_function {
	const char *name;
	uint64_t addr, size;
};

struct debugfile {
	Dwfl *dwfl;
	Dwfl_Module *mod;
	char build_id[129];
	/** Text symbols sorted by name, then address; built lazily. */
	struct named_function *funcs;
	size_t nfuncs;
	bool funcs_tried;
};

static const Dwfl_Callbacks offline_callbacks = {
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
};

struct pgr_error *debugfile_open(const char *path, const char *name,
				 struct debugfile **ret)
{
	// libdwfl's own message for a missing file is "No such file".
	if (access(path, R_OK) != 0)
		return pgr_error_os(errno, path, "cannot open");
	struct debugfile *d = calloc(1, sizeof(*d));
	if (!d)
		return &pgr_enomem;
	d->dwfl = dwfl_begin(&offline_callbacks);
	if (!d->dwfl) {
		free(d);
		return &pgr_enomem;
	}
	d->mod = dwfl_report_offline(d->dwfl, name, path, -1);
	if (!d->mod || dwfl_report_end(d->dwfl, NULL, NULL) != 0) {
		struct pgr_error *err =
			pgr_error_format(PGR_ERROR_BAD_DATA,
					 "%s: not an ELF file with symbols: %s",
					 path, dwfl_errmsg(-1));
		debugfile_close(d);
		return err;
	}
	const unsigned char *bits;
	GElf_Addr vaddr;
	int n = dwfl_module_build_id(d->mod, &bits, &vaddr);
	for (int i = 0; i < n && 2 * i + 3 <= (int)sizeof(d->build_id); i++)
		sprintf(d->build_id + 2 * i, "%02x", bits[i]);
	*ret = d;
	return NULL;
}

void debugfile_close(struct debugfile *d)
{
	if (!d)
		return;
	free(d->funcs);
	if (d->dwfl)
		dwfl_end(d->dwfl);
	free(d);
}

struct debugfile *debugfile_open_module(const char *dir, const char *module,
					char **path_ret)
{
	char alt[256], path[4096];
	snprintf(alt, sizeof(alt), "%s", module);
	for (char *p = alt; *p; p++)
		if (*p == '_')
			*p = '-';
	const char *names[] = { module, alt };
	for (size_t i = 0; i < 2; i++) {
		if (i && strcmp(alt, module) == 0)
			break;
		snprintf(path, sizeof(path), "%s/%s.ko", dir, names[i]);
		struct debugfile *d;
		struct pgr_error *err = debugfile_open(path, module, &d);
		if (err) {
			pgr_error_destroy(err);
			continue;
		}
		if (path_ret && !(*path_ret = strdup(path))) {
			debugfile_close(d);
			return NULL;
		}
		return d;
	}
	return NULL;
}

static int function_cmp(const void *a, const void *b)
{
	const struct named_function *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static bool executable_section(Elf *elf, GElf_Word shndx)
{
	GElf_Shdr shdr;
	Elf_Scn *scn = elf ? elf_getscn(elf, shndx) : NULL;
	return scn && gelf_getshdr(scn, &shdr) &&
	       (shdr.sh_flags & SHF_EXECINSTR);
}

// What "nm" calls t and T: functions and the assembler's untyped labels
// (SYM_CODE_START entry points) in code sections.
static void index_functions(struct debugfile *d)
{
	d->funcs_tried = true;
	int n = dwfl_module_getsymtab(d->mod);
	if (n <= 0 || !(d->funcs = malloc(n * sizeof(*d->funcs))))
		return;
	for (int i = 1; i < n; i++) {
		GElf_Sym sym;
		GElf_Addr addr;
		GElf_Word shndx;
		Elf *elf;
		const char *name = dwfl_module_getsym_info(
			d->mod, i, &sym, &addr, &shndx, &elf, NULL);
		int type = name ? GELF_ST_TYPE(sym.st_info) : STT_NOTYPE;
		if (!name || !*name ||
		    (type != STT_FUNC && type != STT_NOTYPE) ||
		    shndx == SHN_UNDEF || shndx == SHN_ABS ||
		    !executable_section(elf, shndx))
			continue;
		d->funcs[d->nfuncs++] = (struct named_function){
			.name = name, .addr = addr, .size = sym.st_size
		};
	}
	qsort(d->funcs, d->nfuncs, sizeof(*d->funcs), function_cmp);
}

bool debugfile_function(struct debugfile *d, const char *name, uint64_t length,
			uint64_t *ret)
{
	if (!d->funcs_tried)
		index_functions(d);
	size_t lo = 0, hi = d->nfuncs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(d->funcs[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == d->nfuncs || strcmp(d->funcs[lo].name, name) != 0)
		return false;
	// The kernel's length runs to the next symbol, so it covers the
	// function's own size plus alignment padding.
	size_t best = lo;
	for (size_t i = lo;
	     length && i < d->nfuncs && strcmp(d->funcs[i].name, name) == 0;
	     i++) {
		if (d->funcs[i].size == length) {
			best = i;
			break;
		}
		if (best == lo && d->funcs[lo].size > length &&
		    d->funcs[i].size <= length)
			best = i;
	}
	*ret = d->funcs[best].addr;
	return true;
}

bool debugfile_srcline(struct debugfile *d, uint64_t addr, struct srcline *ret)
{
	Dwarf_Addr bias;
	Dwarf_Die *cu = dwfl_module_addrdie(d->mod, addr, &bias);
	return cu && srcline_lookup(cu, addr - bias, ret);
}

bool debugfile_has_dwarf(struct debugfile *d)
{
	Dwarf_Addr bias;
	return dwfl_module_getdwarf(d->mod, &bias) != NULL;
}

const char *debugfile_build_id(struct debugfile *d)
{
	return d->build_id;
}

bool debugfile_symbol_string(struct debugfile *d, const char *name, char *buf,
			     size_t size)
{
	GElf_Addr bias;
	Elf *elf = dwfl_module_getelf(d->mod, &bias);
	int n = elf ? dwfl_module_getsymtab(d->mod) : 0;
	for (int i = 1; i < n; i++) {
		GElf_Sym sym;
		const char *s = dwfl_module_getsym(d->mod, i, &sym, NULL);
		if (s && strcmp(s, name) == 0 &&
		    GELF_ST_TYPE(sym.st_info) == STT_OBJECT) {
			// libdwfl hands out relocated values; the section
			// wants the file's.
			sym.st_value -= bias;
			elf_symbol_string(elf, &sym, buf, size);
			return buf[0] != '\0';
		}
	}
	buf[0] = '\0';
	return false;
}

void elf_build_id_hex(Elf *elf, char *hex, size_t hex_size)
{
	hex[0] = '\0';
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr shdr;
		if (!gelf_getshdr(scn, &shdr) || shdr.sh_type != SHT_NOTE)
			continue;
		Elf_Data *data = elf_getdata(scn, NULL);
		GElf_Nhdr nhdr;
		size_t off = 0, name_off, desc_off;
		while (data && (off = gelf_getnote(data, off, &nhdr, &name_off,
						   &desc_off)) > 0) {
			if (nhdr.n_type != NT_GNU_BUILD_ID ||
			    nhdr.n_namesz != 4 ||
			    memcmp((char *)data->d_buf + name_off, "GNU", 4))
				continue;
			const unsigned char *p =
				(unsigned char *)data->d_buf + desc_off;
			for (size_t i = 0;
			     i < nhdr.n_descsz && 2 * i + 3 <= hex_size; i++)
				sprintf(hex + 2 * i, "%02x", p[i]);
			return;
		}
	}
}

void elf_symbol_string(Elf *elf, const GElf_Sym *sym, char *buf, size_t size)
{
	buf[0] = '\0';
	Elf_Scn *scn = elf_getscn(elf, sym->st_shndx);
	GElf_Shdr shdr;
	Elf_Data *data;
	if (!scn || !gelf_getshdr(scn, &shdr) || shdr.sh_type != SHT_PROGBITS ||
	    !(data = elf_getdata(scn, NULL)) || !data->d_buf)
		return;
	uint64_t off = sym->st_value - shdr.sh_addr;
	if (sym->st_value < shdr.sh_addr || off >= data->d_size)
		return;
	size_t n = data->d_size - off < size - 1 ? data->d_size - off :
						   size - 1;
	memcpy(buf, (char *)data->d_buf + off, n);
	buf[n] = '\0';
}
