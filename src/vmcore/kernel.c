// SPDX-License-Identifier: GPL-2.0-or-later
// Opening the kernel of a dump: vmlinux's ELF (libelf, mapped), its
// symbols, BTF, the ORC tables, and the module list.
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "vmcore/kernel.h" // IWYU pragma: associated
#include "vmcore/kernel_priv.h"

// The vmlinux is mapped by us, not by libelf, so that kernel_elf_trim
// knows the pages it drops are the file's (libelf may read a file it
// cannot map into its own memory instead).
static struct pgr_error *open_elf(struct vmcore_kernel *k)
{
	k->fd = open(k->vmlinux, O_RDONLY | O_CLOEXEC);
	if (k->fd < 0)
		return pgr_error_os(errno, k->vmlinux, "cannot open vmlinux");
	elf_version(EV_CURRENT);
	struct stat st;
	if (fstat(k->fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		void *map = mmap(NULL, (size_t)st.st_size, PROT_READ,
				 MAP_PRIVATE, k->fd, 0);
		if (map != MAP_FAILED) {
			k->map = map;
			k->map_size = (size_t)st.st_size;
		}
	}
	k->elf = k->map ? elf_memory(k->map, k->map_size) :
			  elf_begin(k->fd, ELF_C_READ_MMAP, NULL);
	if (!k->elf || elf_kind(k->elf) != ELF_K_ELF)
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s: not an ELF file: %s", k->vmlinux,
					elf_errmsg(-1));
	return NULL;
}

void kernel_elf_trim(struct vmcore_kernel *k)
{
	// The mapping is read-only and private: a page dropped here is read
	// again from the file (the page cache) if it is used again.
	if (k->map)
		madvise(k->map, k->map_size, MADV_DONTNEED);
}

static Elf_Data *section_data(Elf *elf, const char *name, GElf_Shdr *shdr)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(elf, &shstrndx) != 0)
		return NULL;
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, shdr) || shdr->sh_type != SHT_PROGBITS)
			continue;
		const char *s = elf_strptr(elf, shstrndx, shdr->sh_name);
		if (s && strcmp(s, name) == 0)
			return elf_getdata(scn, NULL);
	}
	return NULL;
}

// The layout of struct orc_entry's bitfields, from BTF when it has the
// struct (it does on 6.1), else the layout of the kernel's era, told by
// the symbols: 6.4 renamed UNWIND_HINT_EMPTY users, not detectable
// cheaply, so default to the pre-6.4 layout.
static void orc_format_from_btf(struct vmcore_kernel *k)
{
	unsigned int sp, bp, type, tw, sig, end, w;
	orc_format_init_legacy(&k->orc_format);
	if (!types_bitfield(k, "orc_entry", "sp_reg", &sp, &w) ||
	    !types_bitfield(k, "orc_entry", "bp_reg", &bp, &w) ||
	    !types_bitfield(k, "orc_entry", "type", &type, &tw) || sp < 32)
		return;
	struct orc_format *f = &k->orc_format;
	f->sp_reg_bit = sp - 32;
	f->bp_reg_bit = bp - 32;
	f->type_bit = type - 32;
	f->type_width = tw;
	f->signal_bit = types_bitfield(k, "orc_entry", "signal", &sig, &w) ?
				(int8_t)(sig - 32) :
				-1;
	f->end_bit = types_bitfield(k, "orc_entry", "end", &end, &w) ?
			     (int8_t)(end - 32) :
			     -1;
}

static struct pgr_error *load_orc(struct vmcore_kernel *k)
{
	GElf_Shdr ip_shdr, orc_shdr;
	orc_format_from_btf(k);
	if (!k->elf)
		return orc_load_dump(k);
	Elf_Data *ip = section_data(k->elf, ".orc_unwind_ip", &ip_shdr);
	Elf_Data *orc = section_data(k->elf, ".orc_unwind", &orc_shdr);
	if (!ip || !orc || !ip->d_buf || !orc->d_buf)
		return NULL; // no ORC: unwinding falls back to frame pointers
	size_t n = ip->d_size / 4;
	if (orc->d_size / 6 < n)
		return pgr_error_format(
			PGR_ERROR_BAD_DATA,
			"%s: .orc_unwind has %zu entries for %zu ips",
			k->vmlinux, orc->d_size / 6, n);
	k->orc = (struct orc_table){ .ip_addr = ip_shdr.sh_addr + k->kaslr,
				     .ip = ip->d_buf,
				     .entries = orc->d_buf,
				     .n = n };
	return orc_format_regs_from(&k->orc_format, &k->orc, k->vmlinux);
}

// The same symbol read from the vmlinux and from the dump's VMCOREINFO
// must agree, or every address would be wrong.
static struct pgr_error *check_match(struct vmcore_kernel *k)
{
	uint64_t info, sym;
	struct pgr_error *err =
		vmcore_info_number(k->dump, "SYMBOL", "init_uts_ns", &info);
	if (err) {
		pgr_error_destroy(err);
		return NULL;
	}
	if (!symtab_find_name(&k->syms, "init_uts_ns", &sym))
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s has no init_uts_ns: not a vmlinux?",
					k->vmlinux);
	if (sym != info)
		return pgr_error_format(
			PGR_ERROR_BAD_DATA,
			"%s does not match the dump: init_uts_ns is at 0x%" PRIx64
			" in the dump but 0x%" PRIx64
			" in the vmlinux (KASLR offset 0x%" PRIx64 ")",
			k->vmlinux, info, sym, k->kaslr);
	return NULL;
}

static unsigned int count_cpus(struct vmcore_kernel *k)
{
	uint64_t addr;
	uint32_t n = 0;
	if (symtab_find_name(&k->syms, "nr_cpu_ids", &addr) &&
	    kread_ok(k, addr, &n, sizeof(n)) && n > 0 && n <= 8192)
		return n;
	n = vmcore_dump_facts(k->dump)->ncpus;
	return n ? n : 1;
}

struct pgr_error *kernel_note_missing(struct vmcore_kernel *k, const char *what,
				      struct pgr_error *err)
{
	if (err == &pgr_enomem)
		return err;
	char *s;
	int n = asprintf(&s, "%s%s%s: %s", k->missing ? k->missing : "",
			 k->missing ? "; " : "", what, err->message);
	pgr_error_destroy(err);
	if (n < 0)
		return &pgr_enomem;
	free(k->missing);
	k->missing = s;
	return NULL;
}

// Symbols, types and unwind tables from vmlinux, or without one from
// the dump's own copies: kallsyms, the .BTF and ORC sections, which are
// allocated and so in the kernel's memory.
static struct pgr_error *kernel_setup(struct vmcore_kernel *k)
{
	struct pgr_error *err;
	if (k->vmlinux) {
		err = open_elf(k);
		if (!err)
			err = symbols_load_vmlinux(k);
		if (!err)
			err = check_match(k);
	} else {
		err = symbols_load_kallsyms(k);
	}
	if (err)
		return err;
	// No BTF at all leaves VMCOREINFO's offsets: pages still decode.
	err = types_load(k);
	if (err == &pgr_enomem)
		return err;
	if (err && !k->vmlinux)
		err = kernel_note_missing(
			k, "no types (only VMCOREINFO's few offsets)", err);
	if (err == &pgr_enomem)
		return err;
	pgr_error_destroy(err);
	err = load_orc(k);
	if (err && !k->vmlinux) {
		k->orc_unusable = true;
		err = kernel_note_missing(k, "no stacks", err);
	}
	if (err)
		return err;
	k->ncpus = count_cpus(k);
	// A broken module list leaves module frames unnamed, no more.
	err = modules_load(k);
	if (err == &pgr_enomem)
		return err;
	pgr_error_destroy(err);
	// The whole .symtab and .strtab were read; the report needs a few
	// names of them again.
	kernel_elf_trim(k);
	return NULL;
}

struct pgr_error *vmcore_kernel_open(struct vmcore_dump *dump,
				     const char *vmlinux,
				     struct vmcore_kernel **ret)
{
	_cleanup_(vmcore_kernel_closep) struct vmcore_kernel *k =
		calloc(1, sizeof(*k));
	if (!k)
		return &pgr_enomem;
	k->fd = -1;
	k->dump = dump;
	k->kaslr = vmcore_dump_facts(dump)->kaslr_offset;
	k->vmlinux = vmlinux ? strdup(vmlinux) : NULL;
	if (vmlinux && !k->vmlinux)
		return &pgr_enomem;
	struct pgr_error *err = kernel_deferred(k, kernel_setup(k));
	if (err)
		return err;
	*ret = no_cleanup_ptr(k);
	return NULL;
}

void vmcore_kernel_close(struct vmcore_kernel *k)
{
	if (!k)
		return;
	modules_free(k);
	lines_close(k);
	types_close(k);
	symtab_deinit(&k->syms);
	free(k->kallsyms_arena);
	free(k->orc_ip_buf);
	free(k->orc_buf);
	free(k->missing);
	if (k->elf)
		elf_end(k->elf);
	if (k->map)
		munmap(k->map, k->map_size);
	if (k->fd >= 0)
		close(k->fd);
	free(k->module_debug_dir);
	free(k->vmlinux);
	pgr_error_destroy(k->deferred);
	free(k);
}

bool kernel_read_ok(struct vmcore_kernel *k, struct pgr_error *err)
{
	if (!err)
		return true;
	if (pgr_error_catch(&err, PGR_ERROR_FAULT))
		return false;
	if (k->deferred)
		pgr_error_destroy(err);
	else
		k->deferred = err;
	return false;
}

struct pgr_error *kernel_deferred(struct vmcore_kernel *k,
				  struct pgr_error *err)
{
	if (!k->deferred)
		return err;
	pgr_error_destroy(err);
	err = k->deferred;
	k->deferred = NULL;
	return err;
}

const char *vmcore_kernel_missing(const struct vmcore_kernel *k)
{
	return k->missing;
}

struct pgr_error *vmcore_kernel_set_module_debug(struct vmcore_kernel *k,
						 const char *dir)
{
	char *copy = strdup(dir);
	if (!copy)
		return &pgr_enomem;
	free(k->module_debug_dir);
	k->module_debug_dir = copy;
	return NULL;
}

struct pgr_error *vmcore_kernel_symbol(struct vmcore_kernel *k,
				       const char *name, uint64_t *ret)
{
	if (symtab_find_name(&k->syms, name, ret))
		return NULL;
	vector_for_each(struct kmodule, m, &k->modules) {
		if (symtab_find_name(&m->syms, name, ret))
			return NULL;
	}
	return pgr_error_format(PGR_ERROR_NOT_FOUND, "no symbol %s", name);
}
