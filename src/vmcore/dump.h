// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * An opened kernel crash dump: the libkdumpfile adapter.  Every other
 * vmcore file (symbols, types, unwinding, page forensics) reads memory and
 * dump facts only through this interface.
 */
#ifndef PGR_VMCORE_DUMP_H
#define PGR_VMCORE_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct vmcore_dump;

/** Facts the dump itself records (VMCOREINFO, headers, notes). */
struct vmcore_facts {
	/** "kdump-compressed", "elf", ... as libkdumpfile names it. */
	const char *format;
	const char *arch;
	/** VMCOREINFO OSRELEASE, e.g. "6.1.0-56-cloud-amd64". */
	const char *release;
	/** VMCOREINFO BUILD-ID (hex), or NULL when the dump has none. */
	const char *build_id;
	/** VMCOREINFO KERNELOFFSET (KASLR slide); 0 when absent. */
	uint64_t kaslr_offset;
	uint64_t page_size;
	unsigned int ncpus;
	/** VMCOREINFO CRASHTIME, or 0. */
	int64_t crash_time;
	/**
	 * What a dump cut short (or a flattened or compressed stream that
	 * broke off) lacks, or NULL: the dump is read as far as it goes.
	 */
	const char *incomplete;
};

/**
 * Open @p path read-only.  A truncated or corrupt file, or one without
 * VMCOREINFO, is PGR_ERROR_BAD_DATA with a message naming the file.
 */
struct pgr_error *vmcore_dump_open(const char *path, struct vmcore_dump **ret);
void vmcore_dump_close(struct vmcore_dump *dump);

static inline void vmcore_dump_closep(struct vmcore_dump **dump)
{
	vmcore_dump_close(*dump);
}

const struct vmcore_facts *vmcore_dump_facts(const struct vmcore_dump *dump);

/**
 * Read @p len bytes of kernel virtual memory.  Unreadable memory (not in
 * the dump, excluded by makedumpfile) is PGR_ERROR_FAULT-like:
 * PGR_ERROR_BAD_DATA with the address in the message.  Address 0 and the
 * first page always fail (some dump formats map them to physical memory).
 */
struct pgr_error *vmcore_read(struct vmcore_dump *dump, uint64_t kvaddr,
			      void *buf, size_t len);
/**
 * vmcore_read() page by page for a dump read as far as it goes: pages
 * that cannot be read are zero-filled and counted in *@p missing_ret.
 * Fails only when none can be read.
 */
struct pgr_error *vmcore_read_partial(struct vmcore_dump *dump,
				      uint64_t kvaddr, void *buf, size_t len,
				      size_t *missing_ret);
struct pgr_error *vmcore_read_u64(struct vmcore_dump *dump, uint64_t kvaddr,
				  uint64_t *ret);
struct pgr_error *vmcore_read_u32(struct vmcore_dump *dump, uint64_t kvaddr,
				  uint32_t *ret);
/** A NUL-terminated string of at most @p max bytes, heap-allocated. */
struct pgr_error *vmcore_read_string(struct vmcore_dump *dump,
				     uint64_t kvaddr, size_t max, char **ret);

/**
 * VMCOREINFO lookups: "SYMBOL(prb)", "OFFSET(page.mapping)",
 * "SIZE(page)", "NUMBER(PG_lru)", "LENGTH(...)"; @p key is the text
 * inside the parentheses and @p kind the word before it.  Symbols come
 * back already relocated by KERNELOFFSET.  PGR_ERROR_NOT_FOUND when the
 * dump's VMCOREINFO has no such line.  A NULL @p kind looks up a bare key
 * ("KERNELOFFSET" and SYMBOL() values are hex, the others decimal, e.g.
 * "CRASHTIME", "PAGESIZE").
 */
struct pgr_error *vmcore_info_number(const struct vmcore_dump *dump,
				     const char *kind, const char *key,
				     uint64_t *ret);
/** The whole VMCOREINFO text (owned by the dump). */
const char *vmcore_info_text(const struct vmcore_dump *dump);

/** Registers a CPU's PRSTATUS note saved, by libkdumpfile name ("rip"). */
struct pgr_error *vmcore_cpu_reg(struct vmcore_dump *dump, unsigned int cpu,
				 const char *name, uint64_t *ret);
/** The pid in CPU @p cpu's PRSTATUS note (QEMU writes vCPU index + 1). */
struct pgr_error *vmcore_cpu_pid(struct vmcore_dump *dump, unsigned int cpu,
				 int64_t *ret);

#endif
