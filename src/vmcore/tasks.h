// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Tasks and the crash context, shared by tasks.c, stacks.c and page.c.
 */
#ifndef PGR_VMCORE_TASKS_H
#define PGR_VMCORE_TASKS_H

#include <stdbool.h>
#include <stdint.h>

#include "record.h"
#include "vmcore/kernel_priv.h"
#include "vmcore/unwind.h"

DEFINE_VECTOR(u64_vector, uint64_t)

struct task_info {
	uint64_t addr;
	char comm[17];
	int64_t pid;
	char state;
	int64_t cpu;
	uint64_t stack, thread_sp;
};

/** The CPU and task that crashed, with its CPU's saved registers. */
struct crash_context {
	bool valid;
	unsigned int cpu, note;
	uint64_t task, stack;
	bool have_regs;
	uint64_t regs[PT_NREGS];
	/**
	 * The registers of the exception that led to the crash (the
	 * innermost kernel-mode pt_regs on the crashed stack) when the note
	 * was taken later, in panic(): QEMU dumps, panic_on_warn.
	 */
	bool have_fault_regs;
	uint64_t fault_regs[PT_NREGS];
};

struct pgr_error *tasks_crash_context(struct vmcore_kernel *k,
				      struct crash_context *ret);
bool kernel_percpu_ok(struct vmcore_kernel *k, const char *name,
		      unsigned int cpu, uint64_t *ret);

/** Unwind from @p start and append the symbolized frames to @p out. */
struct pgr_error *stack_frames(struct vmcore_kernel *k,
			       struct crash_record *rec,
			       const struct unwind_start *start,
			       struct frame_vector *out);

#endif
