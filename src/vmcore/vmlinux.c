// SPDX-License-Identifier: GPL-2.0-or-later
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "debuginfo/debugfile.h"
#include "vmcore/vmlinux.h" // IWYU pragma: associated

/** Where distributions install vmlinux: before and after the release. */
static const struct {
	const char *before, *after;
} vmlinux_places[] = {
	{ "/usr/lib/debug/boot/vmlinux-", "" },
	{ "/usr/lib/debug/lib/modules/", "/vmlinux" },
	{ "/boot/vmlinux-", "" },
	{ "/lib/modules/", "/build/vmlinux" },
};

struct pgr_error *vmlinux_find(const char *root, const char *release,
			       char **ret)
{
	if (!root)
		root = "";
	// list before looked: cleanups run in reverse, and closing the
	// stream writes its final buffer into list.
	_cleanup_free_ char *list = NULL;
	size_t list_len;
	_cleanup_fclose_ FILE *looked = open_memstream(&list, &list_len);
	if (!looked)
		return &pgr_enomem;
	for (size_t i = 0; i < sizeof(vmlinux_places) / sizeof(*vmlinux_places);
	     i++) {
		char *path;
		if (asprintf(&path, "%s%s%s%s", root, vmlinux_places[i].before,
			     release, vmlinux_places[i].after) < 0)
			return &pgr_enomem;
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			*ret = path;
			return NULL;
		}
		fprintf(looked, "%s%s", i ? ", " : "", path);
		free(path);
	}
	if (fclose(no_cleanup_ptr(looked)) != 0)
		return &pgr_enomem;
	return pgr_error_format(PGR_ERROR_NOT_FOUND,
				"no vmlinux for kernel %s (looked in %s); install its debug package or pass --vmlinux",
				release, list);
}

static struct pgr_error *error_libelf(const char *path, const char *call)
{
	return pgr_error_format(PGR_ERROR_BAD_DATA, "%s: %s: %s", path, call,
				elf_errmsg(-1));
}

static void elf_endp(Elf **elf)
{
	if (*elf)
		elf_end(*elf);
}

// Addresses VMCOREINFO's SYMBOL() lines give for the kernel image (not the
// ones that hold heap pointers, like mem_section), relocated back to
// link-time addresses.
struct image_symbol {
	char name[64];
	uint64_t link_value;
};

struct symbol_check {
	struct image_symbol syms[64];
	size_t nsyms, matched;
	const struct image_symbol *bad;
	uint64_t bad_elf_value;
	char banner[160];
};

static const uint64_t KERNEL_IMAGE_START = UINT64_C(0xffffffff80000000);

static void collect_image_symbols(struct vmcore_dump *dump,
				  struct symbol_check *c)
{
	uint64_t kaslr = vmcore_dump_facts(dump)->kaslr_offset;
	const char *text = vmcore_info_text(dump);
	for (const char *p = text; p && (p = strstr(p, "SYMBOL(")); p++) {
		if (p != text && p[-1] != '\n')
			continue;
		const char *close = strchr(p, ')');
		size_t len = close ? (size_t)(close - p - 7) : 0;
		if (!len || len >= sizeof(c->syms[0].name) ||
		    c->nsyms == sizeof(c->syms) / sizeof(c->syms[0]))
			continue;
		struct image_symbol *s = &c->syms[c->nsyms];
		memcpy(s->name, p + 7, len);
		s->name[len] = '\0';
		uint64_t v;
		struct pgr_error *err =
			vmcore_info_number(dump, "SYMBOL", s->name, &v);
		pgr_error_destroy(err);
		if (!err && v - kaslr >= KERNEL_IMAGE_START) {
			s->link_value = v - kaslr;
			c->nsyms++;
		}
	}
}

static void check_symbol(Elf *elf, const GElf_Sym *sym, const char *name,
			 struct symbol_check *c)
{
	if (strcmp(name, "linux_banner") == 0)
		elf_symbol_string(elf, sym, c->banner, sizeof(c->banner));
	for (size_t i = 0; i < c->nsyms; i++) {
		const struct image_symbol *s = &c->syms[i];
		if (strcmp(s->name, name) != 0)
			continue;
		if (sym->st_value == s->link_value) {
			c->matched++;
		} else if (!c->bad) {
			c->bad = s;
			c->bad_elf_value = sym->st_value;
		}
	}
}

static struct pgr_error *scan_symtab(Elf *elf, const char *path,
				     struct symbol_check *c)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr shdr;
		if (!gelf_getshdr(scn, &shdr) || shdr.sh_type != SHT_SYMTAB)
			continue;
		Elf_Data *data = elf_getdata(scn, NULL);
		if (!data)
			return error_libelf(path, "elf_getdata(.symtab)");
		size_t n = shdr.sh_entsize ? shdr.sh_size / shdr.sh_entsize : 0;
		for (size_t i = 0; i < n; i++) {
			GElf_Sym sym;
			const char *name;
			if (!gelf_getsym(data, (int)i, &sym) || !sym.st_name ||
			    !(name = elf_strptr(elf, shdr.sh_link, sym.st_name)))
				continue;
			check_symbol(elf, &sym, name, c);
		}
	}
	return NULL;
}

static struct pgr_error *mismatch(const char *vmlinux, const char *dump_path,
				  const char *why)
{
	return pgr_error_format(PGR_ERROR_BAD_DATA,
				"vmlinux %s does not match the dump %s: %s",
				vmlinux, dump_path, why);
}

// No build id on one side: the release string and the symbol addresses
// the dump itself recorded must agree with the ELF file.
static struct pgr_error *check_by_symbols(struct vmcore_dump *dump,
					  const char *dump_path,
					  const char *vmlinux, Elf *elf)
{
	_cleanup_free_ struct symbol_check *c = calloc(1, sizeof(*c));
	if (!c)
		return &pgr_enomem;
	collect_image_symbols(dump, c);
	struct pgr_error *err = scan_symtab(elf, vmlinux, c);
	if (err)
		return err;
	char why[512];
	const char *release = vmcore_dump_facts(dump)->release;
	if (c->bad) {
		snprintf(why, sizeof(why),
			 "%s is at 0x%" PRIx64 " in the vmlinux but at 0x%" PRIx64
			 " in the dump (after removing KERNELOFFSET)",
			 c->bad->name, c->bad_elf_value, c->bad->link_value);
		return mismatch(vmlinux, dump_path, why);
	}
	if (!c->matched)
		return mismatch(vmlinux, dump_path,
				"none of the kernel symbols VMCOREINFO names is in its symbol table (not a vmlinux, or stripped)");
	size_t rlen = strlen(release);
	if (c->banner[0] &&
	    (strncmp(c->banner, "Linux version ", 14) != 0 ||
	     strncmp(c->banner + 14, release, rlen) != 0 ||
	     c->banner[14 + rlen] != ' ')) {
		snprintf(why, sizeof(why),
			 "its linux_banner is \"%.60s\", the dump's OSRELEASE is %s",
			 c->banner, release);
		return mismatch(vmlinux, dump_path, why);
	}
	return NULL;
}

static struct pgr_error *check_elf(struct vmcore_dump *dump,
				   const char *dump_path, const char *vmlinux,
				   Elf *elf)
{
	GElf_Ehdr ehdr;
	if (elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &ehdr))
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s: not an ELF file, so not a vmlinux",
					vmlinux);
	if (ehdr.e_type != ET_EXEC)
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s: not a vmlinux (ELF type %u; a kernel image is ET_EXEC)",
					vmlinux, ehdr.e_type);
	const char *arch = vmcore_dump_facts(dump)->arch;
	if (strcmp(arch, "x86_64") == 0 && ehdr.e_machine != EM_X86_64)
		return mismatch(vmlinux, dump_path,
				"the vmlinux is not for x86_64");
	char elf_id[129];
	elf_build_id_hex(elf, elf_id, sizeof(elf_id));
	const char *dump_id = vmcore_dump_facts(dump)->build_id;
	if (!elf_id[0] || !dump_id)
		return check_by_symbols(dump, dump_path, vmlinux, elf);
	if (strcasecmp(elf_id, dump_id) != 0) {
		char why[400];
		snprintf(why, sizeof(why),
			 "its build id is %s, the dump's (VMCOREINFO BUILD-ID) is %s",
			 elf_id, dump_id);
		return mismatch(vmlinux, dump_path, why);
	}
	return NULL;
}

struct pgr_error *vmlinux_check(struct vmcore_dump *dump,
				const char *dump_path, const char *vmlinux)
{
	elf_version(EV_CURRENT);
	_cleanup_close_ int fd = open(vmlinux, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return pgr_error_os(errno, vmlinux, "cannot open vmlinux");
	_cleanup_(elf_endp) Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf)
		return error_libelf(vmlinux, "elf_begin");
	return check_elf(dump, dump_path, vmlinux, elf);
}
