// SPDX-License-Identifier: GPL-2.0-or-later
// ORC entry decoding in both layouts, register numbering, and table lookup.
#include <stdint.h>
#include <string.h>

#include "tap.h"
#include "vmcore/orc.h"

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8;
}

static void entry(uint8_t raw[6], int16_t sp, int16_t bp, uint16_t bits)
{
	put16(raw, (uint16_t)sp);
	put16(raw + 2, (uint16_t)bp);
	put16(raw + 4, bits);
}

static void test_legacy(void)
{
	struct orc_format f;
	struct orc_entry e;
	uint8_t raw[6];
	orc_format_init_legacy(&f);
	// sp = sp + 16, bp = *(cfa - 16): sp_reg SP(5), bp_reg PREV_SP(1),
	// type CALL(0).
	entry(raw, 16, -16, 5 | 1 << 4);
	orc_decode(&f, raw, &e);
	is_int(e.sp_reg, ORC_REG_SP, "6.1: sp_reg");
	is_int(e.bp_reg, ORC_REG_PREV_SP, "6.1: bp_reg");
	is_int(e.sp_offset, 16, "6.1: sp_offset");
	is_int(e.bp_offset, -16, "6.1: bp_offset");
	is_int(e.type, ORC_T_CALL, "6.1: CALL");
	ok(!e.signal, "6.1: CALL is no signal frame");
	entry(raw, 0, 0, 5 | 1 << 8);
	orc_decode(&f, raw, &e);
	is_int(e.type, ORC_T_REGS, "6.1: REGS");
	ok(e.signal, "6.1: REGS is a signal frame");
	entry(raw, 0, 0, 9 | 2 << 8);
	orc_decode(&f, raw, &e);
	is_int(e.type, ORC_T_REGS_PARTIAL, "6.1: REGS_PARTIAL");
	is_int(e.sp_reg, ORC_REG_SP_INDIRECT, "6.1: SP_INDIRECT");
	// UNWIND_HINT_EMPTY: sp_reg undefined with end set.
	entry(raw, 0, 0, 1 << 10);
	orc_decode(&f, raw, &e);
	is_int(e.type, ORC_T_END_OF_STACK, "6.1: end of stack");
	entry(raw, 0, 0, 0);
	orc_decode(&f, raw, &e);
	is_int(e.type, ORC_T_UNDEFINED, "6.1: undefined");
}

static void test_v64(void)
{
	struct orc_format f;
	struct orc_entry e;
	uint8_t raw[6];
	orc_format_init_v64(&f);
	entry(raw, 8, 0, 5 | 2 << 8);
	orc_decode(&f, raw, &e);
	is_int(e.type, ORC_T_CALL, "6.4: CALL is 2");
	entry(raw, 0, 0, 1 << 8);
	orc_decode(&f, raw, &e);
	is_int(e.type, ORC_T_END_OF_STACK, "6.4: END_OF_STACK is 1");
	entry(raw, 0, 0, 5 | 3 << 8 | 1 << 11);
	orc_decode(&f, raw, &e);
	is_int(e.type, ORC_T_REGS, "6.4: REGS is 3");
	ok(e.signal, "6.4: signal bit");
	entry(raw, 0, 0, 5 | 4 << 8);
	orc_decode(&f, raw, &e);
	is_int(e.type, ORC_T_REGS_PARTIAL, "6.4: REGS_PARTIAL is 4");
	ok(!e.signal, "6.4: no signal bit, no signal");
}

// A table of n CALL entries (6.4 layout), `on5` of them with the CFA
// on raw register 5 and the rest on raw 3, bp_reg raw 8.
static void call_table(uint8_t *entries, int32_t *ip, size_t n, size_t on5,
		       struct orc_table *t)
{
	for (size_t i = 0; i < n; i++) {
		ip[i] = (int32_t)(0x1000 + 16 * i - 4 * i);
		entry(entries + 6 * i, 8, -16,
		      (uint16_t)((i < on5 ? 5 : 3) | 8 << 4 | 2 << 8));
	}
	*t = (struct orc_table){
		.ip_addr = 0, .ip = ip, .entries = entries, .n = n
	};
}

static void test_regs(void)
{
	uint8_t entries[6 * 100];
	int32_t ip[100];
	struct orc_table t;
	struct orc_format f;
	struct orc_entry e;
	// 7.1's numbering: SP is 3, PREV_SP 8, DI 5.
	call_table(entries, ip, 100, 2, &t);
	orc_format_init_v64(&f);
	ok(orc_format_detect_regs(&f, &t), "7.1: numbering told by the table");
	orc_decode(&f, entries + 6 * 50, &e);
	is_int(e.sp_reg, ORC_REG_SP, "7.1: raw 3 is SP");
	is_int(e.bp_reg, ORC_REG_PREV_SP, "7.1: raw 8 is PREV_SP");
	orc_decode(&f, entries, &e);
	is_int(e.sp_reg, ORC_REG_DI, "7.1: raw 5 is DI");
	uint8_t raw[6];
	entry(raw, 0, 0, 1 | 10 << 4 | 3 << 8);
	orc_decode(&f, raw, &e);
	is_int(e.sp_reg, ORC_REG_AX, "7.1: raw 1 is AX");
	is_int(e.bp_reg, ORC_REG_BP_INDIRECT, "7.1: raw 10 is BP_INDIRECT");
	entry(raw, 0, 0, 11 | 9 << 4 | 3 << 8);
	orc_decode(&f, raw, &e);
	is_int(e.sp_reg, ORC_REG_INVALID, "7.1: raw 11 is no register");
	is_int(e.bp_reg, ORC_REG_SP_INDIRECT, "7.1: raw 9 is SP_INDIRECT");
	// The older numbering: SP is 5.
	call_table(entries, ip, 100, 98, &t);
	orc_format_init_v64(&f);
	ok(orc_format_detect_regs(&f, &t), "6.x: numbering told by the table");
	orc_decode(&f, entries, &e);
	is_int(e.sp_reg, ORC_REG_SP, "6.x: raw 5 is SP");
	is_int(e.bp_reg, ORC_REG_BP_INDIRECT, "6.x: raw 8 is BP_INDIRECT");
	// Neither dominates: refused, not guessed.
	call_table(entries, ip, 100, 50, &t);
	orc_format_init_v64(&f);
	ok(!orc_format_detect_regs(&f, &t), "half on 3, half on 5: unknown");
}

static void test_find(void)
{
	// Three entries at 0x1000, 0x1010, 0x1040 with the table at 0x100:
	// ip[i] is relative to its own address 0x100 + 4 * i.
	int32_t ip[3] = { 0x1000 - 0x100, 0x1010 - 0x104, 0x1040 - 0x108 };
	uint8_t entries[18];
	struct orc_format f;
	orc_format_init_legacy(&f);
	for (int i = 0; i < 3; i++)
		entry(entries + 6 * i, (int16_t)(8 * (i + 1)), 0, 5);
	struct orc_table t = {
		.ip_addr = 0x100, .ip = ip, .entries = entries, .n = 3
	};
	struct orc_entry e;
	ok(!orc_table_find(&t, &f, 0xfff, &e), "before the first entry");
	ok(orc_table_find(&t, &f, 0x1000, &e) && e.sp_offset == 8,
	   "first entry at its start");
	ok(orc_table_find(&t, &f, 0x103f, &e) && e.sp_offset == 16,
	   "second entry up to the third");
	ok(orc_table_find(&t, &f, 0x5000, &e) && e.sp_offset == 24,
	   "last entry after its start");
}

int main(void)
{
	test_legacy();
	test_v64();
	test_regs();
	test_find();
	return tap_done();
}
