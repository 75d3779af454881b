// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Internals shared by the files behind kernel.h: the symbol tables
 * (symbols.c, modules.c), the types (types.c), source lines (lines.c),
 * the ORC unwinder (orc.c), tasks (tasks.c) and page forensics (page.c,
 * page_layout.c).
 */
#ifndef PGR_VMCORE_KERNEL_PRIV_H
#define PGR_VMCORE_KERNEL_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "vector.h"
#include "vmcore/dump.h"
#include "vmcore/orc.h"

struct btf;
struct Dwarf;
struct kernel_lines;
struct Dwarf_CFI_s;
struct debugfile;
struct srcline;
typedef struct Elf Elf;

/** Kernel text starts here on x86-64 (__START_KERNEL_map). */
static const uint64_t KERNEL_MAP_START = UINT64_C(0xffffffff80000000);
/** Anything below is user space (or not canonical). */
static const uint64_t KERNEL_SPACE_START = UINT64_C(0xffff800000000000);

struct ksym {
	uint64_t addr;
	/** Points into an ELF string table or a module's copied strtab. */
	const char *name;
	/** ELF st_size; 0 for most assembler labels. */
	uint64_t size;
	bool func;
};
DEFINE_VECTOR(ksym_vector, struct ksym)

/** A symbol table: text symbols by address, all symbols by name. */
struct symtab {
	/** Text symbols sorted by address, one per address. */
	struct ksym_vector text;
	/** Every named symbol (text and data); hashed by name. */
	struct ksym_vector all;
	uint32_t *hash;
	size_t hash_mask;
};

struct kmodule {
	char name[64];
	/** Address of the struct module in the dump. */
	uint64_t addr;
	/** Where its code and data live (core and init layouts). */
	uint64_t core_base, core_size, init_base, init_size;
	struct symtab syms;
	char *strtab;
	struct orc_table orc;
	void *orc_ip_buf, *orc_buf;
	/** The module's .ko, opened on first source-line lookup. */
	struct debugfile *debug;
	bool debug_tried;
};
DEFINE_VECTOR(kmodule_vector, struct kmodule)

struct vmcore_kernel {
	struct vmcore_dump *dump;
	uint64_t kaslr;
	char *vmlinux;
	int fd;
	/** vmlinux mapped whole (read-only), when it could be; elf reads it. */
	void *map;
	size_t map_size;
	Elf *elf;
	struct symtab syms;
	struct btf *btf;
	/** The .BTF bytes when read from the dump instead of vmlinux. */
	void *btf_buf;
	/** Names of kallsyms decoded from the dump (no vmlinux), or NULL. */
	char *kallsyms_arena;
	struct orc_format orc_format;
	struct orc_table orc;
	/** ORC tables copied from the dump (no vmlinux), or NULL. */
	void *orc_ip_buf, *orc_buf;
	/**
	 * The kernel has ORC but its tables could not be used: no stack is
	 * unwound rather than one guessed by frame pointers it does not keep.
	 */
	bool orc_unusable;
	/**
	 * What the analysis lacks without vmlinux, one sentence each
	 * ("no types: ..."), or NULL; heap-allocated.
	 */
	char *missing;
	struct kmodule_vector modules;
	bool modules_loaded;
	char *module_debug_dir;
	/** libdw handle on the whole vmlinux (for CFI), opened lazily. */
	struct Dwarf *dwarf;
	bool dwarf_tried;
	/** Source lines, one unit at a time (lines.c), set up lazily. */
	struct kernel_lines *lines;
	bool lines_tried;
	/** Its .debug_frame, for where ORC has no rule; lazily. */
	struct Dwarf_CFI_s *cfi;
	bool cfi_tried;
	/** Number of CPUs the kernel had (nr_cpu_ids or the dump's). */
	unsigned int ncpus;
	/**
	 * An error other than a fault met by a helper that cannot return
	 * one (kernel_read_ok()), or NULL.
	 */
	struct pgr_error *deferred;
};

/* kernel.c */
/**
 * Drop the pages of the mapped vmlinux read so far from the resident set:
 * what is used again is read again.  Called after reading that touched
 * much of the file once (the symbol table, a unit's line table), so that
 * the peak memory is what is in use, not everything ever read.
 */
void kernel_elf_trim(struct vmcore_kernel *k);

/* symbols.c */
struct pgr_error *symbols_load_vmlinux(struct vmcore_kernel *k);
/* kallsyms.c: the dump's own kallsyms tables (VMCOREINFO, 6.0+). */
struct pgr_error *symbols_load_kallsyms(struct vmcore_kernel *k);
/* orc_dump.c: the dump's copy of vmlinux's ORC tables. */
struct pgr_error *orc_load_dump(struct vmcore_kernel *k);
/**
 * Note a part the analysis lacks (kernel.c): appended to k->missing as
 * "WHAT: the error's message".  Only out of memory fails.
 */
struct pgr_error *kernel_note_missing(struct vmcore_kernel *k, const char *what,
				      struct pgr_error *err);
void symtab_deinit(struct symtab *t);
/** Sort @p t->text, drop duplicates, and build the name hash. */
struct pgr_error *symtab_finish(struct symtab *t);
bool symtab_find_name(const struct symtab *t, const char *name, uint64_t *ret);
/**
 * The text symbol at or before @p addr: kallsyms' rule, so names and
 * offsets read as the kernel prints them; *size_ret is the distance to
 * the next symbol (the "/0x..." of an oops line).
 */
const struct ksym *symtab_find_addr(const struct symtab *t, uint64_t addr,
				    uint64_t *size_ret);

/** A symbolized address; @c module is NULL for vmlinux. */
struct ksym_info {
	const char *name;
	const char *module;
	uint64_t sym_addr, offset, size;
};
bool kernel_symbolize(struct vmcore_kernel *k, uint64_t addr,
		      struct ksym_info *ret);
bool kernel_is_text(struct vmcore_kernel *k, uint64_t addr);
/** The symbol exactly at @p addr (e.g. an ops table), or NULL; slow. */
const char *kernel_object_name(struct vmcore_kernel *k, uint64_t addr);
/** An x86-64 per-CPU variable's address on @p cpu. */
struct pgr_error *kernel_percpu(struct vmcore_kernel *k, const char *name,
				unsigned int cpu, uint64_t *ret);

/* modules.c */
/** Walk the module list once (bounded); errors leave it partial. */
struct pgr_error *modules_load(struct vmcore_kernel *k);
void modules_free(struct vmcore_kernel *k);
struct kmodule *modules_find(struct vmcore_kernel *k, uint64_t addr);
/**
 * Source line and inline chain of @p addr, in function @p info of module
 * @p m, from its .ko (--module-debug).
 */
bool module_srcline(struct vmcore_kernel *k, struct kmodule *m, uint64_t addr,
		    const struct ksym_info *info, struct srcline *ret);

/* lines.c */
/** libdw on the whole vmlinux, opened on first use; NULL without DWARF. */
struct Dwarf *kernel_dwarf(struct vmcore_kernel *k);
/** Source line and inline chain of a vmlinux address. */
bool kernel_srcline(struct vmcore_kernel *k, uint64_t addr,
		    struct srcline *ret);
void lines_close(struct vmcore_kernel *k);

/* types.c */
struct pgr_error *types_load(struct vmcore_kernel *k);
void types_close(struct vmcore_kernel *k);
/**
 * Byte offset of @p member (a dotted path, "thread.sp"; anonymous
 * structs and unions are searched) in struct or union @p type, or -1.
 * Without BTF, VMCOREINFO's OFFSET(type.member) is used.
 */
int64_t types_offset(struct vmcore_kernel *k, const char *type,
		     const char *member);
/**
 * A VMCOREINFO value: "SIZE(page)", "OFFSET(page.mapping)", or a bare
 * name for NUMBER(name) (negative values too); false when absent or the
 * kernel has no dump (unit tests).
 */
bool types_vmcoreinfo_number(struct vmcore_kernel *k, const char *name,
			     int64_t *ret);
/**
 * One entry of an offset table: the int64_t at @c field of the caller's
 * struct gets the offset of @c member of @c type (types_offset()), the
 * first that exists of alternatives separated by '|', or sizeof(@c type)
 * when @c member is NULL; -1 when unknown.
 */
struct types_field {
	size_t field;
	const char *type;
	const char *member;
};
#define TYPES_FIELD(str, fld, type, member)      \
	{                                        \
		offsetof(str, fld), type, member \
	}
/** Resolve the @p n entries of @p table into @p out, in one loop. */
void types_resolve(struct vmcore_kernel *k, const struct types_field *table,
		   size_t n, void *out);
/** sizeof(struct @p type), or -1; VMCOREINFO SIZE() without BTF. */
int64_t types_size(struct vmcore_kernel *k, const char *type);
/** Bit offset and width of a (bitfield) member of @p type. */
bool types_bitfield(struct vmcore_kernel *k, const char *type,
		    const char *member, unsigned int *bit_ret,
		    unsigned int *width_ret);
/** Enumerators of enum @p type: count, then name and value by index. */
size_t types_enum_count(struct vmcore_kernel *k, const char *type);
const char *types_enum_entry(struct vmcore_kernel *k, const char *type,
			     size_t i, int64_t *value_ret);
/** Value of enumerator @p name (any enum), or false. */
bool types_enumerator(struct vmcore_kernel *k, const char *type,
		      const char *name, int64_t *ret);

/* Memory helpers */
static inline struct pgr_error *kread(struct vmcore_kernel *k, uint64_t addr,
				      void *buf, size_t len)
{
	return vmcore_read(k->dump, addr, buf, len);
}

static inline struct pgr_error *kread_u64(struct vmcore_kernel *k,
					  uint64_t addr, uint64_t *ret)
{
	return vmcore_read_u64(k->dump, addr, ret);
}

/**
 * Whether @p err (of a read) is success, for a helper whose answer is
 * "unknown" when memory is not in the dump: a fault is absorbed (false);
 * any other error (out of memory) is kept in k->deferred for the next
 * vmcore_* entry point to return (kernel_deferred()), and is false too.
 */
bool kernel_read_ok(struct vmcore_kernel *k, struct pgr_error *err);
/**
 * @p err, unless an error was deferred since: then that one (the other
 * is destroyed).  Every vmcore_* entry point returns through this.
 */
struct pgr_error *kernel_deferred(struct vmcore_kernel *k,
				  struct pgr_error *err);

static inline bool kread_ok(struct vmcore_kernel *k, uint64_t addr, void *buf,
			    size_t len)
{
	return kernel_read_ok(k, kread(k, addr, buf, len));
}

static inline bool kread_u64_ok(struct vmcore_kernel *k, uint64_t addr,
				uint64_t *ret)
{
	return kernel_read_ok(k, kread_u64(k, addr, ret));
}

#endif
