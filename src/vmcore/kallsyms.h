// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Decoding the kernel's kallsyms tables (scripts/kallsyms.c's output) once
 * they are in memory: kallsyms.c reads them from a dump, the unit test
 * builds them.  No I/O here.
 */
#ifndef PGR_VMCORE_KALLSYMS_H
#define PGR_VMCORE_KALLSYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "vmcore/kernel_priv.h"

/** The tables as the kernel lays them out, and their run-time addresses. */
struct kallsyms_tables {
	/** Addresses of kallsyms_names, _offsets or _addresses (0: none). */
	uint64_t names, token_table, token_index, offsets, addresses;
	/** kallsyms_relative_base's value, when VMCOREINFO names it. */
	uint64_t relative_base;
	bool have_base;
	uint32_t num;
	/** The 256 tokens, NUL-terminated. */
	char tokens[256][32];
	/** kallsyms_names' bytes (up to whatever table follows it). */
	uint8_t *names_buf;
	size_t names_len;
	/** kallsyms_offsets (int32) or kallsyms_addresses (uint64), num each. */
	void *values;
};

/** A symbol whose address is known otherwise (VMCOREINFO's SYMBOL()). */
struct kallsyms_ref {
	char name[64];
	uint64_t value;
};

/** References used at most. */
enum { KALLSYMS_MAX_REFS = 64 };

/**
 * Decode @p t into @p syms (empty, finished with symtab_finish()): the
 * names, and the addresses in the one known encoding under which every
 * symbol of @p refs that kallsyms has gets its value (at least two must
 * be found).  *@p arena_ret owns the names (free()); *@p encoding_ret
 * is a static description of the encoding.  Tables that do not decode
 * are PGR_ERROR_BAD_DATA; no encoding that fits, PGR_ERROR_UNSUPPORTED.
 */
struct pgr_error *kallsyms_decode(const struct kallsyms_tables *t,
				  const struct kallsyms_ref *refs, size_t nrefs,
				  struct symtab *syms, char **arena_ret,
				  const char **encoding_ret);

#endif
