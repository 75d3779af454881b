// SPDX-License-Identifier: GPL-2.0-or-later
// The ORC unwinder, a reading of arch/x86/kernel/unwind_orc.c
// (unwind_next_frame) against dump memory instead of live memory.
#include <stdlib.h>
#include <string.h>

#include "vmcore/unwind.h" // IWYU pragma: associated

const char *const pt_reg_names[PT_NREGS] = {
	"r15", "r14",	   "r13", "r12", "rbp",	   "rbx", "r11",
	"r10", "r9",	   "r8",  "rax", "rcx",	   "rdx", "rsi",
	"rdi", "orig_rax", "rip", "cs",	 "rflags", "rsp", "ss",
};

// THREAD_SIZE without KASAN (which doubles it): 4 pages.
enum { STACK_PAGES = 4, PAGE = 4096 };

struct unwinder {
	struct vmcore_kernel *k;
	uint64_t ip, sp, bp;
	uint64_t regs[PT_NREGS];
	/** Which registers @c regs holds: all, or only the iret frame. */
	bool have_regs, full_regs, prev_full;
	bool signal;
	/** Address of the full pt_regs the last step read, or 0. */
	uint64_t regs_addr;
	/** The task stack, page by page as it is used. */
	uint64_t stack_base;
	bool page_tried[STACK_PAGES], page_ok[STACK_PAGES];
	uint8_t stack[STACK_PAGES][PAGE];
};

static bool read_stack(struct unwinder *u, uint64_t addr, uint64_t *ret)
{
	uint64_t off = addr - u->stack_base;
	if (u->stack_base && addr >= u->stack_base &&
	    off + 8 <= STACK_PAGES * PAGE && (off % PAGE) + 8 <= PAGE) {
		size_t p = off / PAGE;
		if (!u->page_tried[p]) {
			u->page_tried[p] = true;
			u->page_ok[p] = kread_ok(u->k, u->stack_base + p * PAGE,
						 u->stack[p], PAGE);
		}
		if (u->page_ok[p]) {
			memcpy(ret, &u->stack[p][off % PAGE], 8);
			return true;
		}
	}
	return kread_u64_ok(u->k, addr, ret);
}

// The frame-pointer rule ORC falls back on where it has no entry
// (orc_fp_entry in unwind_orc.c): CFA = bp + 16, caller's bp at CFA - 16.
static const struct orc_entry fp_entry = {
	.sp_offset = 16,
	.bp_offset = -16,
	.sp_reg = ORC_REG_BP,
	.bp_reg = ORC_REG_PREV_SP,
	.type = ORC_T_CALL,
};

static const struct orc_table *orc_table_for(struct vmcore_kernel *k,
					     uint64_t ip)
{
	struct kmodule *m = modules_find(k, ip);
	return m ? &m->orc : &k->orc;
}

static bool orc_lookup(struct vmcore_kernel *k, uint64_t ip,
		       struct orc_entry *ret)
{
	return orc_table_find(orc_table_for(k, ip), &k->orc_format, ip, ret);
}

static bool get_reg(const struct unwinder *u, enum pt_reg r, uint64_t *ret)
{
	if (!u->have_regs)
		return false;
	bool iret_part = r >= PT_IP;
	if (!u->full_regs && !iret_part && !u->prev_full)
		return false;
	*ret = u->regs[r];
	return true;
}

// The previous frame's stack pointer (CFA).
static bool find_cfa(struct unwinder *u, const struct orc_entry *orc,
		     uint64_t *ret)
{
	uint64_t sp;
	switch (orc->sp_reg) {
	case ORC_REG_SP:
		*ret = u->sp + orc->sp_offset;
		return true;
	case ORC_REG_BP:
		*ret = u->bp + orc->sp_offset;
		return true;
	case ORC_REG_SP_INDIRECT:
		if (!read_stack(u, u->sp, &sp))
			return false;
		*ret = sp + orc->sp_offset;
		return true;
	case ORC_REG_BP_INDIRECT:
		return read_stack(u, u->bp + orc->sp_offset, ret);
	case ORC_REG_R10:
		return get_reg(u, PT_R10, ret);
	case ORC_REG_R13:
		return get_reg(u, PT_R13, ret);
	case ORC_REG_DI:
		return get_reg(u, PT_DI, ret);
	case ORC_REG_DX:
		return get_reg(u, PT_DX, ret);
	case ORC_REG_AX:
		return get_reg(u, PT_AX, ret);
	default:
		return false;
	}
}

static bool read_regs(struct unwinder *u, uint64_t addr, enum pt_reg first)
{
	for (int r = first; r < PT_NREGS; r++)
		if (!read_stack(u, addr + 8 * (r - first), &u->regs[r]))
			return false;
	return true;
}

// Apply an entry of type CALL, REGS or REGS_PARTIAL at CFA @p cfa.
static bool step_type(struct unwinder *u, const struct orc_entry *orc,
		      uint64_t cfa)
{
	switch (orc->type) {
	case ORC_T_CALL:
		if (!read_stack(u, cfa - 8, &u->ip))
			return false;
		u->sp = cfa;
		u->have_regs = u->full_regs = u->prev_full = false;
		u->signal = false;
		return true;
	case ORC_T_REGS:
		if (!read_regs(u, cfa, PT_R15))
			return false;
		u->have_regs = u->full_regs = true;
		u->regs_addr = cfa;
		break;
	case ORC_T_REGS_PARTIAL:
		// An iret frame: ip, cs, flags, sp, ss only.
		u->prev_full = u->have_regs && u->full_regs;
		if (!read_regs(u, cfa, PT_IP))
			return false;
		u->have_regs = true;
		u->full_regs = false;
		break;
	default:
		return false;
	}
	u->ip = u->regs[PT_IP];
	u->sp = u->regs[PT_SP];
	u->signal = true;
	return true;
}

static bool step_bp(struct unwinder *u, const struct orc_entry *orc,
		    uint64_t cfa, uint64_t old_bp)
{
	uint64_t v;
	switch (orc->bp_reg) {
	case ORC_REG_UNDEFINED:
		if (get_reg(u, PT_BP, &v))
			u->bp = v;
		return true;
	case ORC_REG_PREV_SP:
		return read_stack(u, cfa + orc->bp_offset, &u->bp);
	case ORC_REG_BP:
		return read_stack(u, old_bp + orc->bp_offset, &u->bp);
	default:
		return false;
	}
}

/** Bytes of stack searched for a return address where ORC has none. */
enum { SCAN_BYTES = 2048 };

// A return address follows a call: a direct one (e8 rel32) of the
// function starting at @p func (or its 16 bytes of __pfx_ padding), or
// with @p func 0 any call, direct to kernel text or indirect (ff /2).
static bool after_call(struct vmcore_kernel *k, uint64_t ra, uint64_t func)
{
	uint8_t code[7];
	if (!kernel_is_text(k, ra - 1) || !kread_ok(k, ra - 7, code, 7))
		return false;
	if (code[2] == 0xe8) {
		int32_t rel;
		memcpy(&rel, code + 3, 4);
		uint64_t target = ra + (int64_t)rel;
		if (func)
			return target <= func && func - target <= 16;
		return kernel_is_text(k, target);
	}
	if (func)
		return false;
	// call *%reg (ff d0+r), call *disp8(%reg) (ff 50+r xx),
	// call *disp32(%rip) (ff 15 rel32).
	return (code[5] == 0xff && (code[6] & 0xf8) == 0xd0) ||
	       (code[4] == 0xff && (code[5] & 0xf8) == 0x50) ||
	       (code[1] == 0xff && code[2] == 0x15);
}

// Where ORC has no rule and there is no DWARF CFI (no vmlinux), as in
// __crash_kexec(), which holds the panic's saved registers: the return
// address is the first word above sp that follows a direct call of this
// very function, and the frame is kept only if the caller's frame found
// from there by ORC returns after a call too.  rbp is taken as
// unchanged, which the caller's check would expose if it were not.
static bool scan_return(struct unwinder *u, uint64_t lookup)
{
	struct ksym_info func;
	if (!u->k->orc_buf || !kernel_symbolize(u->k, lookup, &func))
		return false;
	for (uint64_t off = 0; off < SCAN_BYTES; off += 8) {
		uint64_t ra, cfa, next_ra;
		if (!read_stack(u, u->sp + off, &ra))
			return false;
		if (!after_call(u->k, ra, func.sym_addr))
			continue;
		struct orc_entry orc;
		struct unwinder *saved = malloc(sizeof(*saved));
		if (!saved)
			return false;
		memcpy(saved, u, sizeof(*u));
		u->ip = ra;
		u->sp = u->sp + off + 8;
		u->have_regs = u->full_regs = u->prev_full = false;
		u->signal = false;
		bool ok = orc_lookup(u->k, ra - 1, &orc) &&
			  orc.type == ORC_T_CALL && find_cfa(u, &orc, &cfa) &&
			  read_stack(u, cfa - 8, &next_ra) &&
			  after_call(u->k, next_ra, 0);
		if (!ok)
			memcpy(u, saved, sizeof(*u));
		free(saved);
		return ok;
	}
	return false;
}

// One step; false at the end of the stack or when unwinding fails.
static bool unwind_next(struct unwinder *u, bool *reliable)
{
	struct orc_entry orc;
	uint64_t lookup = u->signal ? u->ip : u->ip - 1;
	bool found = orc_lookup(u->k, lookup, &orc);
	if (found && orc.type == ORC_T_END_OF_STACK)
		return false;
	if (!found || orc.type == ORC_T_UNDEFINED) {
		if (cfi_step(u->k, lookup, &u->sp, &u->bp, &u->ip)) {
			u->have_regs = u->full_regs = u->prev_full = false;
			u->signal = false;
			return true;
		}
		if (found)
			return scan_return(u, lookup);
		orc = fp_entry;
		*reliable = false;
	}
	uint64_t cfa, old_bp = u->bp;
	if (!find_cfa(u, &orc, &cfa) || !step_type(u, &orc, cfa))
		return false;
	return step_bp(u, &orc, cfa, old_bp);
}

static void unwinder_init(struct unwinder *u, struct vmcore_kernel *k,
			  const struct unwind_start *start)
{
	memset(u->page_tried, 0, sizeof(u->page_tried));
	u->k = k;
	u->ip = start->ip;
	u->sp = start->sp;
	u->bp = start->bp;
	u->have_regs = u->full_regs = start->have_regs;
	u->prev_full = false;
	if (start->have_regs)
		memcpy(u->regs, start->regs, sizeof(u->regs));
	u->signal = start->signal;
	u->regs_addr = 0;
	u->stack_base = start->stack_base;
}

size_t unwind_stack(struct vmcore_kernel *k, const struct unwind_start *start,
		    struct unwound_frame *out, size_t max)
{
	if (k->orc_unusable)
		return 0;
	struct unwinder *u = malloc(sizeof(*u));
	if (!u)
		return 0;
	unwinder_init(u, k, start);
	size_t n = 0;
	bool reliable = true;
	while (n < max && u->ip >= KERNEL_SPACE_START &&
	       kernel_is_text(k, u->signal ? u->ip : u->ip - 1)) {
		out[n++] = (struct unwound_frame){ .ip = u->ip,
						   .sp = u->sp,
						   .signal = u->signal,
						   .reliable = reliable,
						   .regs_addr = u->regs_addr };
		uint64_t ip = u->ip, sp = u->sp;
		u->regs_addr = 0;
		if (!unwind_next(u, &reliable))
			break;
		// No progress means a loop in corrupt data.
		if (u->ip == ip && u->sp == sp)
			break;
	}
	free(u);
	return n;
}
