// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * x86-64 ORC unwind tables: decoding entries in either on-disk layout and
 * finding the entry for an address.  No I/O: tables are byte arrays
 * (mapped from vmlinux, or copied from a module in the dump).
 */
#ifndef PGR_VMCORE_ORC_H
#define PGR_VMCORE_ORC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pgr_error;

/**
 * Base registers, normalized: the numbers of arch/x86/include/asm/orc_types.h
 * before 7.1; the entry's raw numbers go through orc_format::regs.
 */
enum orc_reg {
	ORC_REG_UNDEFINED = 0,
	ORC_REG_PREV_SP = 1,
	ORC_REG_DX = 2,
	ORC_REG_DI = 3,
	ORC_REG_BP = 4,
	ORC_REG_SP = 5,
	ORC_REG_R10 = 6,
	ORC_REG_R13 = 7,
	ORC_REG_BP_INDIRECT = 8,
	ORC_REG_SP_INDIRECT = 9,
	/** 7.1's numbering only. */
	ORC_REG_AX = 10,
	/** A raw number the layout does not define: no rule. */
	ORC_REG_INVALID = 15,
};

/** Entry types, normalized across layouts. */
enum orc_type {
	ORC_T_UNDEFINED,
	ORC_T_END_OF_STACK,
	ORC_T_CALL,
	ORC_T_REGS,
	ORC_T_REGS_PARTIAL,
};

/** An entry's fields after decoding. */
struct orc_entry {
	int16_t sp_offset, bp_offset;
	uint8_t sp_reg, bp_reg;
	enum orc_type type;
	/** The ip is exact (interrupted), not a return address. */
	bool signal;
};

/**
 * Where the bitfields sit in the entry's third 16-bit word.  Layouts:
 * until 6.3 "sp_reg:4 bp_reg:4 type:2 end:1" (6.3 added "signal:1"
 * before "end", Linux kernel commit ffb1b4a41016 ("x86/unwind/orc: Add
 * 'signal' field to ORC metadata")); from 6.4 "sp_reg:4 bp_reg:4 type:3
 * signal:1", with UNDEFINED and END_OF_STACK as types, Linux kernel
 * commit fb799447ae29 ("x86,objtool: Split UNWIND_HINT_EMPTY in two").
 * Read from BTF's struct orc_entry when present.
 */
struct orc_format {
	uint8_t sp_reg_bit, bp_reg_bit, type_bit, type_width;
	/** -1 when the layout has no such field. */
	int8_t signal_bit, end_bit;
	/** enum orc_reg of each raw register number. */
	uint8_t regs[16];
};

/** The pre-6.4 layout of 6.1 (no signal bit). */
void orc_format_init_legacy(struct orc_format *fmt);
/** The 6.4+ layout. */
void orc_format_init_v64(struct orc_format *fmt);

/** Decode one 6-byte little-endian entry. */
void orc_decode(const struct orc_format *fmt, const uint8_t raw[6],
		struct orc_entry *ret);

/**
 * A table: @c ip[i] is the 32-bit offset of entry i's start address from
 * the address of @c ip[i] itself (at @c ip_addr + 4 * i at run time).
 */
struct orc_table {
	uint64_t ip_addr;
	const int32_t *ip;
	const uint8_t *entries;
	size_t n;
};

/** Run-time start address of entry @p i. */
static inline uint64_t orc_table_ip(const struct orc_table *t, size_t i)
{
	int32_t off;
	__builtin_memcpy(&off, &t->ip[i], sizeof(off));
	return t->ip_addr + 4 * i + (int64_t)off;
}

/** Index of the entry covering @p ip; false before the first. */
bool orc_table_index(const struct orc_table *t, uint64_t ip, size_t *ret);

/** The entry covering @p ip (the last one starting at or before it). */
bool orc_table_find(const struct orc_table *t, const struct orc_format *fmt,
		    uint64_t ip, struct orc_entry *ret);

/**
 * Decide the register numbering from the table itself: Linux kernel commit
 * 1735858caa4b renumbered the registers in 7.1 (SP 5 -> 3, DI 3 -> 5,
 * PREV_SP 1 -> 8, AX new as 1, the indirect ones 9 and 10) without
 * changing the struct, so neither BTF nor the version string tells, and a
 * distribution may backport it.  Nearly every CALL entry's CFA is based
 * on SP, almost none on DI: whichever of the two numbers dominates is SP.
 * False when neither does (not an ORC table of either numbering).
 */
bool orc_format_detect_regs(struct orc_format *fmt, const struct orc_table *t);

/**
 * orc_format_detect_regs() or an error naming @p what (the table's origin)
 * when the numbering is not told by the table.
 */
struct pgr_error *orc_format_regs_from(struct orc_format *fmt,
				       const struct orc_table *t,
				       const char *what);

#endif
