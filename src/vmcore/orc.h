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

/** Base registers (arch/x86/include/asm/orc_types.h; same in all layouts). */
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

#endif
