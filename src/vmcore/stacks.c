// SPDX-License-Identifier: GPL-2.0-or-later
// Unwound frames as crash-record frames: names as the kernel prints them
// (kallsyms rule: nearest symbol at or below, length to the next one),
// module, source line, and which stack the frame ran on.
#include <stdlib.h>
#include <string.h>

#include "debuginfo/srcline.h"
#include "vmcore/kernel.h" // IWYU pragma: associated
#include "vmcore/tasks.h"

static const size_t MAX_FRAMES = 128;
static const uint64_t THREAD_SIZE = 16384;

// A return address is the instruction after the call, which may be the
// next function: look up the call itself, as %pB does.
static struct pgr_error *fill_frame(struct vmcore_kernel *k,
				    struct crash_record *rec, uint64_t ip,
				    bool exact, struct frame *f)
{
	uint64_t lookup = exact ? ip : ip - 1;
	struct ksym_info info;
	if (!kernel_symbolize(k, lookup, &info))
		return pgr_error_create(PGR_ERROR_NOT_FOUND, "not code");
	size_t len = strlen(info.name);
	f->function = record_strndup(rec, info.name, len);
	size_t nlen = function_normalized_len(info.name, len);
	f->normalized = nlen == len ? f->function :
				      record_strndup(rec, info.name, nlen);
	if (!f->function || !f->normalized)
		return &pgr_enomem;
	if (info.module && !(f->module = record_strdup(rec, info.module)))
		return &pgr_enomem;
	f->address = pgr_u64_of(ip);
	f->offset = pgr_u64_of(ip - info.sym_addr);
	f->length = pgr_u64_of(info.size);
	f->reliable = true;
	struct kmodule *m = info.module ? modules_find(k, lookup) : NULL;
	struct srcline src;
	if ((m ? module_srcline(k, m, lookup, &info, &src) :
		 kernel_srcline(k, lookup, &src)) &&
	    !srcline_to_frame(&src, rec, f))
		return &pgr_enomem;
	return NULL;
}

struct pgr_error *vmcore_kernel_frame(struct vmcore_kernel *k,
				      struct crash_record *rec, uint64_t addr,
				      struct frame *ret)
{
	memset(ret, 0, sizeof(*ret));
	return kernel_deferred(k, fill_frame(k, rec, addr, true, ret));
}

// On x86-64, hard and soft interrupts run on the per-CPU IRQ stack,
// whose top-of-stack pointer is hardirq_stack_ptr (a member of pcpu_hot
// since Linux kernel commit "x86/percpu: Move irq_stack
// variables next to current_task" (in v6.2)).
static bool on_irq_stack(struct vmcore_kernel *k, uint64_t sp)
{
	for (unsigned int cpu = 0; cpu < k->ncpus && cpu < 64; cpu++) {
		uint64_t var, top;
		if (kernel_percpu_ok(k, "hardirq_stack_ptr", cpu, &var)) {
			if (!kread_u64_ok(k, var, &top))
				continue;
		} else {
			int64_t off = types_offset(k, "pcpu_hot",
						   "hardirq_stack_ptr");
			if (off < 0 ||
			    !kernel_percpu_ok(k, "pcpu_hot", cpu, &var) ||
			    !kread_u64_ok(k, var + off, &top))
				return false;
		}
		if (sp <= top + 8 && top + 8 - sp <= 16384)
			return true;
	}
	return false;
}

static enum frame_context frame_context(struct vmcore_kernel *k, uint64_t stack,
					uint64_t sp)
{
	if (sp >= stack && sp - stack < THREAD_SIZE)
		return FRAME_TASK;
	return on_irq_stack(k, sp) ? FRAME_IRQ : FRAME_EXCEPTION;
}

struct pgr_error *stack_frames(struct vmcore_kernel *k,
			       struct crash_record *rec,
			       const struct unwind_start *start,
			       struct frame_vector *out)
{
	struct unwound_frame uf[128];
	size_t n = unwind_stack(k, start, uf, MAX_FRAMES);
	for (size_t i = 0; i < n; i++) {
		struct frame *f = frame_vector_append_entry(out);
		if (!f)
			return &pgr_enomem;
		struct pgr_error *err =
			fill_frame(k, rec, uf[i].ip, uf[i].signal, f);
		if (err == &pgr_enomem)
			return err;
		if (err) {
			// The unwinder only yields symbolized code.
			pgr_error_destroy(err);
			out->size--;
			break;
		}
		f->reliable = uf[i].reliable;
		f->context = frame_context(k, start->stack_base, uf[i].sp);
	}
	return NULL;
}
