// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * The kernel inside a crash dump: symbols (vmlinux's ELF symbol table,
 * relocated by KASLR, and the loaded modules' kallsyms), types (BTF),
 * stacks of every task (ORC), and struct page / address_space forensics.
 * Memory is read only through vmcore/dump.h.
 */
#ifndef PGR_VMCORE_KERNEL_H
#define PGR_VMCORE_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "record.h"
#include "vmcore/dump.h"

struct vmcore_kernel;

/**
 * Open @p vmlinux (with a symbol table; DWARF optional, used only for
 * source lines) for @p dump, which must stay open until
 * vmcore_kernel_close().  Types come from the vmlinux's .BTF, else from
 * the .BTF bytes in the dump, else only VMCOREINFO's few offsets.
 * A vmlinux whose symbols do not match the dump's VMCOREINFO is
 * PGR_ERROR_BAD_DATA.  A NULL @p vmlinux reads everything from the
 * dump: symbols from its kallsyms (an error when they cannot be
 * decoded), types from its BTF, unwind tables from its ORC sections;
 * the last two may be missing (vmcore_kernel_missing()).  There are no
 * source lines and no inline frames then.
 */
struct pgr_error *vmcore_kernel_open(struct vmcore_dump *dump,
				     const char *vmlinux,
				     struct vmcore_kernel **ret);
void vmcore_kernel_close(struct vmcore_kernel *k);

/**
 * What a kernel opened without vmlinux could not get from the dump
 * ("no types (...): the kernel has no BTF"), or NULL when nothing.
 */
const char *vmcore_kernel_missing(const struct vmcore_kernel *k);

static inline void vmcore_kernel_closep(struct vmcore_kernel **k)
{
	vmcore_kernel_close(*k);
}

/**
 * A directory holding the modules' .ko files (NAME.ko, '-' or '_'), for
 * source lines of module frames (--module-debug DIR).
 */
struct pgr_error *vmcore_kernel_set_module_debug(struct vmcore_kernel *k,
						 const char *dir);

/** A symbol's run-time address (KASLR applied); NOT_FOUND if unknown. */
struct pgr_error *vmcore_kernel_symbol(struct vmcore_kernel *k,
				       const char *name, uint64_t *ret);

/**
 * Name @p addr as the kernel would print it (function+offset/length
 * [module]).  Fills function, normalized, module, address, offset,
 * length and, with DWARF or --module-debug, source; strings live in
 * @p rec's arena.  NOT_FOUND if @p addr is no known code.
 */
struct pgr_error *vmcore_kernel_frame(struct vmcore_kernel *k,
				      struct crash_record *rec, uint64_t addr,
				      struct frame *ret);

/**
 * Every task (init_task, the task list with all threads, the other
 * CPUs' idle tasks) into @p rec->tasks with comm, pid, state letter, CPU
 * and its ORC-unwound stack.  The task that crashed (panic_cpu's current
 * task) is marked and unwound from the registers in its CPU's PRSTATUS
 * note, through exception frames and IRQ stacks; its frames also become
 * @p rec->frames when those are empty.  Walks are bounded; a task that
 * cannot be read is skipped, not fatal.
 */
struct pgr_error *vmcore_collect_tasks(struct vmcore_kernel *k,
				       struct crash_record *rec);

/**
 * Decode the struct pages involved in the crash: those already in
 * @p rec->pages (address from the oops' page: line), and pointers into
 * vmemmap in the crashed CPU's registers and the crashing frames' stack.
 * Fills each page_dump (flags by name from the pageflags enum, refcount,
 * mapcount, mapping, index, compound head/order, aops, inode number,
 * dentry) and adds invariant findings to @p rec->findings (page.h,
 * man pagerace "Page findings"): page-not-in-mapping, index-mismatch,
 * mapping-null-with-refs, tail-where-head-expected, head-tail-incoherent,
 * mapping-freed, page-freed-in-use, writeback-without-io,
 * dax-entry-refcount-elevated, refcount-below-mapcount, freed-or-poisoned.
 */
struct pgr_error *vmcore_page_forensics(struct vmcore_kernel *k,
					struct crash_record *rec);

#endif
