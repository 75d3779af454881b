// SPDX-License-Identifier: GPL-2.0-or-later
// DWARF CFI (.debug_frame of vmlinux, through libdw) for the few places
// ORC leaves undefined.  crash_setup_regs() saves an ip from a label
// (_THIS_IP_) that objtool may place where ORC has no rule, so a panic's
// registers start in such a place; drgn falls back to CFI there too.
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <stdlib.h>
#include <string.h>

#include "vmcore/unwind.h" // IWYU pragma: associated

/** DWARF register numbers on x86-64. */
enum { DW_RBP = 6, DW_RSP = 7, DW_RA = 16 };

static Dwarf_CFI *kernel_cfi(struct vmcore_kernel *k)
{
	if (!k->cfi_tried) {
		k->cfi_tried = true;
		Dwarf *dw = kernel_dwarf(k);
		k->cfi = dw ? dwarf_getcfi(dw) : NULL;
	}
	return k->cfi;
}

struct cfi_regs {
	uint64_t sp, bp, cfa;
	bool have_cfa;
};

// Evaluate the small expressions CFI uses: register + offset, CFA +
// offset, constants.  Anything else is not needed for kernel C code.
static bool eval(const Dwarf_Op *ops, size_t n, const struct cfi_regs *r,
		 uint64_t *ret, bool *is_value)
{
	uint64_t stack[8];
	size_t sp = 0;
	*is_value = false;
	for (size_t i = 0; i < n; i++) {
		uint8_t op = ops[i].atom;
		if (op == DW_OP_stack_value) {
			*is_value = true;
			continue;
		}
		if (sp >= 8)
			return false;
		if (op == DW_OP_call_frame_cfa && r->have_cfa) {
			stack[sp++] = r->cfa;
		} else if (op == DW_OP_breg0 + DW_RSP ||
			   op == DW_OP_breg0 + DW_RBP) {
			uint64_t base = op == DW_OP_breg0 + DW_RSP ? r->sp :
								     r->bp;
			stack[sp++] = base + (int64_t)ops[i].number;
		} else if (op == DW_OP_bregx && (ops[i].number == DW_RSP ||
						 ops[i].number == DW_RBP)) {
			// libdw hands the CFA rule over as bregx.
			uint64_t base = ops[i].number == DW_RSP ? r->sp : r->bp;
			stack[sp++] = base + (int64_t)ops[i].number2;
		} else if (op == DW_OP_consts || op == DW_OP_constu) {
			stack[sp++] = ops[i].number;
		} else if (op == DW_OP_plus_uconst && sp >= 1) {
			stack[sp - 1] += ops[i].number;
		} else if (op == DW_OP_plus && sp >= 2) {
			stack[sp - 2] += stack[sp - 1];
			sp--;
		} else if (op == DW_OP_minus && sp >= 2) {
			stack[sp - 2] -= stack[sp - 1];
			sp--;
		} else {
			return false;
		}
	}
	if (sp != 1)
		return false;
	*ret = stack[0];
	return true;
}

// The caller's value of register @p regno; @p same is the value when
// CFI says the frame did not change it.
static bool caller_reg(struct vmcore_kernel *k, Dwarf_Frame *frame, int regno,
		       const struct cfi_regs *r, uint64_t same, uint64_t *ret)
{
	Dwarf_Op mem[3], *ops;
	size_t n;
	bool is_value;
	uint64_t v;
	if (dwarf_frame_register(frame, regno, mem, &ops, &n) != 0)
		return false;
	if (n == 0) {
		*ret = same;
		return ops == NULL; // same_value; undefined otherwise
	}
	if (!eval(ops, n, r, &v, &is_value))
		return false;
	if (is_value) {
		*ret = v;
		return true;
	}
	return kread_u64_ok(k, v, ret);
}

bool cfi_step(struct vmcore_kernel *k, uint64_t lookup, uint64_t *sp,
	      uint64_t *bp, uint64_t *ip)
{
	Dwarf_CFI *cfi = kernel_cfi(k);
	Dwarf_Frame *frame;
	if (!cfi || modules_find(k, lookup) ||
	    dwarf_cfi_addrframe(cfi, lookup - k->kaslr, &frame) != 0)
		return false;
	Dwarf_Op *ops;
	size_t n;
	bool is_value, ok = false;
	struct cfi_regs r = { .sp = *sp, .bp = *bp };
	uint64_t ra, new_bp;
	if (dwarf_frame_cfa(frame, &ops, &n) == 0 &&
	    eval(ops, n, &r, &r.cfa, &is_value)) {
		r.have_cfa = true;
		ok = caller_reg(k, frame, DW_RA, &r, 0, &ra) &&
		     caller_reg(k, frame, DW_RBP, &r, *bp, &new_bp);
	}
	free(frame);
	if (!ok || !ra)
		return false;
	*sp = r.cfa;
	*bp = new_bp;
	*ip = ra;
	return true;
}
