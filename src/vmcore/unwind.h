// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * The x86-64 ORC stack unwinder over a dump, following the kernel's own
 * arch/x86/kernel/unwind_orc.c: CALL frames, pt_regs (REGS) and iret
 * (REGS_PARTIAL) exception frames, stack switches (SP_INDIRECT, IRQ
 * stacks), and a frame-pointer guess where no ORC entry covers the ip.
 */
#ifndef PGR_VMCORE_UNWIND_H
#define PGR_VMCORE_UNWIND_H

#include <stdbool.h>
#include <stdint.h>

#include "vmcore/kernel_priv.h"

/** struct pt_regs slots, in order: fixed by the x86-64 entry code ABI. */
enum pt_reg {
	PT_R15,
	PT_R14,
	PT_R13,
	PT_R12,
	PT_BP,
	PT_BX,
	PT_R11,
	PT_R10,
	PT_R9,
	PT_R8,
	PT_AX,
	PT_CX,
	PT_DX,
	PT_SI,
	PT_DI,
	PT_ORIG_AX,
	PT_IP,
	PT_CS,
	PT_FLAGS,
	PT_SP,
	PT_SS,
	PT_NREGS,
};

/** Names of the PRSTATUS registers as libkdumpfile gives them. */
extern const char *const pt_reg_names[PT_NREGS];

/** Where an unwind starts. */
struct unwind_start {
	uint64_t ip, sp, bp;
	/** Full register set (PRSTATUS note) known. */
	bool have_regs;
	uint64_t regs[PT_NREGS];
	/** ip is exact (interrupted), not a return address. */
	bool signal;
	/** The task's stack (task->stack), cached while unwinding. */
	uint64_t stack_base;
};

/** One unwound frame. */
struct unwound_frame {
	uint64_t ip;
	/** The frame's stack pointer at ip. */
	uint64_t sp;
	bool signal;
	bool reliable;
	/** Where the pt_regs this frame was unwound from lie, or 0. */
	uint64_t regs_addr;
};

/**
 * Unwind from @p start, at most @p max frames, into @p out; returns the
 * number of frames.  Stops at the end of the stack, at a user-space ip,
 * and on unreadable memory or a loop.
 */
size_t unwind_stack(struct vmcore_kernel *k, const struct unwind_start *start,
		    struct unwound_frame *out, size_t max);

/**
 * One step by DWARF CFI (cfi.c) for a vmlinux address @p lookup: the
 * caller's sp (CFA), bp and return address.  False where CFI has no
 * simple rule.
 */
bool cfi_step(struct vmcore_kernel *k, uint64_t lookup, uint64_t *sp,
	      uint64_t *bp, uint64_t *ip);

#endif
