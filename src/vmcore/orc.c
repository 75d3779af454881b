// SPDX-License-Identifier: GPL-2.0-or-later
// ORC entry decoding and table lookup.  The unwinder that uses them is
// in unwind.c.
#include <string.h>

#include "vmcore/orc.h" // IWYU pragma: associated

#include "error.h"

static void regs_init_before_71(struct orc_format *fmt)
{
	for (unsigned int r = 0; r < 16; r++)
		fmt->regs[r] = r <= ORC_REG_SP_INDIRECT ? r : ORC_REG_INVALID;
}

// 7.1's numbers (1735858caa4b) in terms of the older ones.
static const uint8_t regs_71[16] = {
	ORC_REG_UNDEFINED,   ORC_REG_AX,	  ORC_REG_DX,
	ORC_REG_SP,	     ORC_REG_BP,	  ORC_REG_DI,
	ORC_REG_R10,	     ORC_REG_R13,	  ORC_REG_PREV_SP,
	ORC_REG_SP_INDIRECT, ORC_REG_BP_INDIRECT, ORC_REG_INVALID,
	ORC_REG_INVALID,     ORC_REG_INVALID,	  ORC_REG_INVALID,
	ORC_REG_INVALID,
};

void orc_format_init_legacy(struct orc_format *fmt)
{
	*fmt = (struct orc_format){
		.sp_reg_bit = 0,
		.bp_reg_bit = 4,
		.type_bit = 8,
		.type_width = 2,
		.signal_bit = -1,
		.end_bit = 10,
	};
	regs_init_before_71(fmt);
}

void orc_format_init_v64(struct orc_format *fmt)
{
	*fmt = (struct orc_format){
		.sp_reg_bit = 0,
		.bp_reg_bit = 4,
		.type_bit = 8,
		.type_width = 3,
		.signal_bit = 11,
		.end_bit = -1,
	};
	regs_init_before_71(fmt);
}

static unsigned int bits(uint16_t word, unsigned int bit, unsigned int width)
{
	return (word >> bit) & ((1u << width) - 1);
}

// Before 6.4 the types were CALL=0, REGS=1, REGS_PARTIAL=2 and the end
// of the stack was "sp_reg undefined with end set"; an undefined sp_reg
// without end means "no unwind information" there.
static enum orc_type legacy_type(unsigned int type, unsigned int sp_reg,
				 bool end)
{
	if (sp_reg == ORC_REG_UNDEFINED)
		return end ? ORC_T_END_OF_STACK : ORC_T_UNDEFINED;
	switch (type) {
	case 0:
		return ORC_T_CALL;
	case 1:
		return ORC_T_REGS;
	case 2:
		return ORC_T_REGS_PARTIAL;
	default:
		return ORC_T_UNDEFINED;
	}
}

void orc_decode(const struct orc_format *fmt, const uint8_t raw[6],
		struct orc_entry *ret)
{
	uint16_t w = (uint16_t)(raw[4] | raw[5] << 8);
	ret->sp_offset = (int16_t)(raw[0] | raw[1] << 8);
	ret->bp_offset = (int16_t)(raw[2] | raw[3] << 8);
	ret->sp_reg = fmt->regs[bits(w, fmt->sp_reg_bit, 4)];
	ret->bp_reg = fmt->regs[bits(w, fmt->bp_reg_bit, 4)];
	unsigned int type = bits(w, fmt->type_bit, fmt->type_width);
	if (fmt->end_bit >= 0) {
		bool end = bits(w, fmt->end_bit, 1);
		ret->type = legacy_type(type, ret->sp_reg, end);
		// Before the signal bit existed, REGS frames were the
		// signal frames.
		ret->signal = fmt->signal_bit >= 0 ?
				      bits(w, fmt->signal_bit, 1) :
				      ret->type == ORC_T_REGS ||
					      ret->type == ORC_T_REGS_PARTIAL;
		return;
	}
	ret->type = type <= ORC_T_REGS_PARTIAL ? (enum orc_type)type :
						 ORC_T_UNDEFINED;
	ret->signal = fmt->signal_bit >= 0 && bits(w, fmt->signal_bit, 1);
}

bool orc_table_find(const struct orc_table *t, const struct orc_format *fmt,
		    uint64_t ip, struct orc_entry *ret)
{
	size_t i;
	if (!orc_table_index(t, ip, &i))
		return false;
	orc_decode(fmt, t->entries + 6 * i, ret);
	return true;
}

bool orc_table_index(const struct orc_table *t, uint64_t ip, size_t *ret)
{
	if (!t->n || ip < orc_table_ip(t, 0))
		return false;
	size_t lo = 0, hi = t->n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (orc_table_ip(t, mid) <= ip)
			lo = mid;
		else
			hi = mid;
	}
	*ret = lo;
	return true;
}

bool orc_format_detect_regs(struct orc_format *fmt, const struct orc_table *t)
{
	// Counted with the numbering before 7.1, where SP is 5 and DI 3.
	size_t on5 = 0, on3 = 0;
	regs_init_before_71(fmt);
	for (size_t i = 0; i < t->n; i++) {
		struct orc_entry e;
		orc_decode(fmt, t->entries + 6 * i, &e);
		if (e.type != ORC_T_CALL)
			continue;
		on5 += e.sp_reg == ORC_REG_SP;
		on3 += e.sp_reg == ORC_REG_DI;
	}
	if (on5 > 8 * on3)
		return true;
	if (on3 > 8 * on5) {
		memcpy(fmt->regs, regs_71, sizeof(fmt->regs));
		return true;
	}
	return false;
}

struct pgr_error *orc_format_regs_from(struct orc_format *fmt,
				       const struct orc_table *t,
				       const char *what)
{
	if (orc_format_detect_regs(fmt, t))
		return NULL;
	return pgr_error_format(
		PGR_ERROR_UNSUPPORTED,
		"%s: the ORC entries' register numbering is neither that of 6.x nor that of 7.1 (as many CALL entries based on register 3 as on 5)",
		what);
}
