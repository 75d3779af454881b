// SPDX-License-Identifier: GPL-2.0-or-later
// Every task of the dump and its stack.  Tasks: init_task, the process
// list (task_struct.tasks) and each process's threads
// (signal->thread_head), and the other CPUs' idle tasks (rq->idle).
// Stacks: a sleeping task from the frame __switch_to_asm left at
// task->thread.sp (struct inactive_task_frame); a task running on a CPU
// from the registers of that CPU's PRSTATUS note.
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmcore/kernel.h" // IWYU pragma: associated
#include "vmcore/tasks.h"
#include "vmcore/unwind.h"

/** Far more than any dump we read; bounds loops in corrupt lists. */
static const size_t MAX_TASKS = 1u << 20;

struct task_offsets {
	int64_t tasks, pid, comm, state, exit_state, cpu, thread_sp, stack;
	int64_t signal, thread_node, sig_thread_head;
	int64_t itf_size, itf_bp, itf_ret;
	int64_t rq_curr, rq_idle;
};

// task_struct.state became __state in Linux kernel commit 2f064a59a11f
// ("sched: Change task_struct::state") (in v5.14); the CPU moved into
// thread_info in commit bcf9033e5449 ("sched: move CPU field back into
// thread_info if THREAD_INFO_IN_TASK") (in v5.16).
#define TASK(f, t, m) TYPES_FIELD(struct task_offsets, f, t, m)
static const struct types_field task_fields[] = {
	TASK(tasks, "task_struct", "tasks"),
	TASK(pid, "task_struct", "pid"),
	TASK(comm, "task_struct", "comm"),
	TASK(state, "task_struct", "__state|state"),
	TASK(exit_state, "task_struct", "exit_state"),
	TASK(cpu, "task_struct", "thread_info.cpu|cpu"),
	TASK(thread_sp, "task_struct", "thread.sp"),
	TASK(stack, "task_struct", "stack"),
	TASK(signal, "task_struct", "signal"),
	TASK(thread_node, "task_struct", "thread_node"),
	TASK(sig_thread_head, "signal_struct", "thread_head"),
	TASK(itf_size, "inactive_task_frame", NULL),
	TASK(itf_bp, "inactive_task_frame", "bp"),
	TASK(itf_ret, "inactive_task_frame", "ret_addr"),
	TASK(rq_curr, "rq", "curr"),
	TASK(rq_idle, "rq", "idle"),
};
#undef TASK

static bool task_offsets(struct vmcore_kernel *k, struct task_offsets *o)
{
	types_resolve(k, task_fields,
		      sizeof(task_fields) / sizeof(task_fields[0]), o);
	return o->tasks >= 0 && o->pid >= 0 && o->comm >= 0 &&
	       o->thread_sp >= 0 && o->stack >= 0 && o->itf_size > 0 &&
	       o->itf_bp >= 0 && o->itf_ret >= 0;
}

// The letter ps and sysrq-t print (task_state_index() in
// include/linux/sched.h): TASK_REPORT bits, TASK_IDLE as 'I'.
static char state_letter(uint32_t state, uint32_t exit_state)
{
	static const char letters[] = "RSDTtXZPI";
	const uint32_t task_report = 0x7f, task_idle = 0x402,
		       rtlock_wait = 0x1000;
	uint32_t s = (state | exit_state) & task_report;
	if (state == task_idle)
		s = 0x80;
	if (state & rtlock_wait)
		s = 0x2;
	int idx = s ? 32 - __builtin_clz(s) : 0;
	return idx < (int)sizeof(letters) - 1 ? letters[idx] : '?';
}

static bool read_task(struct vmcore_kernel *k, const struct task_offsets *o,
		      uint64_t addr, struct task_info *t)
{
	memset(t, 0, sizeof(*t));
	t->addr = addr;
	int32_t pid;
	if (!kread_ok(k, addr + o->pid, &pid, sizeof(pid)) ||
	    !kread_ok(k, addr + o->comm, t->comm, 16) ||
	    !kread_u64_ok(k, addr + o->stack, &t->stack) ||
	    !kread_u64_ok(k, addr + o->thread_sp, &t->thread_sp))
		return false;
	t->pid = pid;
	uint32_t state = 0, exit_state = 0, cpu;
	if (o->state >= 0)
		kread_ok(k, addr + o->state, &state, sizeof(state));
	if (o->exit_state >= 0)
		kread_ok(k, addr + o->exit_state, &exit_state,
			 sizeof(exit_state));
	t->state = state_letter(state, exit_state);
	t->cpu = -1;
	if (o->cpu >= 0 && kread_ok(k, addr + o->cpu, &cpu, sizeof(cpu)))
		t->cpu = cpu;
	return true;
}

// Out of memory is deferred (kernel_read_ok()): the list ends here.
static bool push_addr(struct vmcore_kernel *k, struct u64_vector *v,
		      uint64_t addr)
{
	if (v->size >= MAX_TASKS)
		return false;
	return u64_vector_append(v, &addr) || kernel_read_ok(k, &pgr_enomem);
}

// Threads of the process @p leader, the leader included.
static void add_threads(struct vmcore_kernel *k, const struct task_offsets *o,
			uint64_t leader, struct u64_vector *out)
{
	uint64_t signal, head, pos;
	if (o->signal < 0 || o->thread_node < 0 || o->sig_thread_head < 0 ||
	    !kread_u64_ok(k, leader + o->signal, &signal) || !signal ||
	    !kread_u64_ok(k, signal + o->sig_thread_head, &pos)) {
		push_addr(k, out, leader);
		return;
	}
	head = signal + o->sig_thread_head;
	for (size_t i = 0; pos != head && i < MAX_TASKS; i++) {
		if (!push_addr(k, out, pos - o->thread_node) ||
		    !kread_u64_ok(k, pos, &pos))
			return;
	}
}

static struct pgr_error *list_tasks(struct vmcore_kernel *k,
				    const struct task_offsets *o,
				    struct u64_vector *out)
{
	uint64_t init, pos;
	if (!symtab_find_name(&k->syms, "init_task", &init))
		return pgr_error_create(PGR_ERROR_NOT_FOUND, "no init_task");
	push_addr(k, out, init);
	uint64_t head = init + o->tasks;
	if (!kread_u64_ok(k, head, &pos))
		return pgr_error_create(PGR_ERROR_BAD_DATA,
					"cannot read init_task.tasks");
	for (size_t i = 0; pos != head; i++) {
		if (i >= MAX_TASKS || out->size >= MAX_TASKS)
			return pgr_error_create(
				PGR_ERROR_LIMIT,
				"the task list does not end (corrupt?)");
		add_threads(k, o, pos - o->tasks, out);
		if (!kread_u64_ok(k, pos, &pos))
			return pgr_error_create(PGR_ERROR_BAD_DATA,
						"the task list is broken");
	}
	// CPU 0's idle task is init_task; the others are only in rq->idle.
	for (unsigned int cpu = 1; o->rq_idle >= 0 && cpu < k->ncpus; cpu++) {
		uint64_t rq, idle;
		if (!kernel_percpu_ok(k, "runqueues", cpu, &rq) ||
		    !kread_u64_ok(k, rq + o->rq_idle, &idle) || !idle)
			continue;
		push_addr(k, out, idle);
	}
	return NULL;
}

bool kernel_percpu_ok(struct vmcore_kernel *k, const char *name,
		      unsigned int cpu, uint64_t *ret)
{
	struct pgr_error *err = kernel_percpu(k, name, cpu, ret);
	// Not there or not readable: unknown; out of memory is deferred.
	if (err && err->code != PGR_ERROR_NO_MEMORY) {
		pgr_error_destroy(err);
		return false;
	}
	return kernel_read_ok(k, err);
}

static uint64_t cpu_curr(struct vmcore_kernel *k, const struct task_offsets *o,
			 unsigned int cpu)
{
	uint64_t rq, curr;
	if (o->rq_curr < 0 || !kernel_percpu_ok(k, "runqueues", cpu, &rq) ||
	    !kread_u64_ok(k, rq + o->rq_curr, &curr))
		return 0;
	return curr;
}

// The PRSTATUS note of @p cpu.  Notes come in CPU order; kdump notes
// carry the pid running there, QEMU's the vCPU index + 1.
static unsigned int note_of_cpu(struct vmcore_kernel *k, unsigned int cpu,
				int64_t pid)
{
	int64_t p;
	struct pgr_error *err = vmcore_cpu_pid(k->dump, cpu, &p);
	bool ok = !err && (p == pid || p == (int64_t)cpu + 1);
	pgr_error_destroy(err);
	if (ok || pid <= 0)
		return cpu;
	for (unsigned int i = 0; i < k->ncpus; i++) {
		err = vmcore_cpu_pid(k->dump, i, &p);
		pgr_error_destroy(err);
		if (!err && p == pid)
			return i;
	}
	return cpu;
}

static bool note_regs(struct vmcore_kernel *k, unsigned int note,
		      uint64_t regs[PT_NREGS])
{
	for (int r = 0; r < PT_NREGS; r++) {
		struct pgr_error *err = vmcore_cpu_reg(
			k->dump, note, pt_reg_names[r], &regs[r]);
		if (err) {
			pgr_error_destroy(err);
			return false;
		}
	}
	return true;
}

static int32_t read_s32(struct vmcore_kernel *k, const char *sym)
{
	uint64_t addr;
	int32_t v = -1;
	if (!symtab_find_name(&k->syms, sym, &addr) ||
	    !kread_ok(k, addr, &v, sizeof(v)))
		return -1;
	return v;
}

static void find_fault_regs(struct vmcore_kernel *k, struct crash_context *c)
{
	struct unwind_start s = { .ip = c->regs[PT_IP],
				  .sp = c->regs[PT_SP],
				  .bp = c->regs[PT_BP],
				  .have_regs = true,
				  .signal = true,
				  .stack_base = c->stack };
	memcpy(s.regs, c->regs, sizeof(s.regs));
	struct unwound_frame uf[32];
	size_t n = unwind_stack(k, &s, uf, 32);
	for (size_t i = 0; i < n; i++) {
		if (!uf[i].regs_addr || uf[i].ip < KERNEL_SPACE_START)
			continue;
		c->have_fault_regs = kread_ok(k, uf[i].regs_addr, c->fault_regs,
					      sizeof(c->fault_regs));
		return;
	}
}

struct pgr_error *tasks_crash_context(struct vmcore_kernel *k,
				      struct crash_context *ret)
{
	struct task_offsets o;
	memset(ret, 0, sizeof(*ret));
	if (!task_offsets(k, &o))
		return pgr_error_create(
			PGR_ERROR_NOT_FOUND,
			"struct task_struct layout unknown (no BTF?)");
	// panic_cpu is set by panic() and by crash_kexec() before the
	// capture kernel starts; crashing_cpu by x86's crash shutdown.
	int32_t cpu = read_s32(k, "panic_cpu");
	if (cpu < 0 || (uint32_t)cpu >= k->ncpus)
		cpu = read_s32(k, "crashing_cpu");
	if (cpu < 0 || (uint32_t)cpu >= k->ncpus)
		return pgr_error_create(
			PGR_ERROR_NOT_FOUND,
			"neither panic_cpu nor crashing_cpu is set");
	ret->cpu = cpu;
	ret->task = cpu_curr(k, &o, cpu);
	struct task_info t;
	if (!ret->task || !read_task(k, &o, ret->task, &t))
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"cannot read CPU %d's current task",
					cpu);
	ret->note = note_of_cpu(k, cpu, t.pid);
	ret->have_regs = note_regs(k, ret->note, ret->regs);
	ret->stack = t.stack;
	ret->valid = true;
	if (ret->have_regs)
		find_fault_regs(k, ret);
	return NULL;
}

// A sleeping task: __switch_to_asm pushed a struct inactive_task_frame
// and saved the stack pointer in thread.sp; the return address there
// leads back into __schedule (or ret_from_fork, ret_from_fork_asm since
// 6.5, for a task that never ran, whose ip is exact, as the kernel's
// unwind_start() says).
static bool sleeping_start(struct vmcore_kernel *k,
			   const struct task_offsets *o,
			   const struct task_info *t, struct unwind_start *s)
{
	uint8_t frame[256];
	uint64_t ret_from_fork = 0, ret_from_fork_asm = 0;
	if (o->itf_size > (int64_t)sizeof(frame) || !t->thread_sp ||
	    !kread_ok(k, t->thread_sp, frame, o->itf_size))
		return false;
	memset(s, 0, sizeof(*s));
	memcpy(&s->bp, frame + o->itf_bp, 8);
	memcpy(&s->ip, frame + o->itf_ret, 8);
	s->sp = t->thread_sp + o->itf_size;
	/*
	 * "x86: Rewrite ret_from_fork() in C" (6.5; commit id not checked
	 * here) made ret_from_fork_asm the entry a new task's frame returns
	 * to.
	 */
	symtab_find_name(&k->syms, "ret_from_fork", &ret_from_fork);
	symtab_find_name(&k->syms, "ret_from_fork_asm", &ret_from_fork_asm);
	s->signal = s->ip == ret_from_fork ||
		    (ret_from_fork_asm && s->ip == ret_from_fork_asm);
	s->stack_base = t->stack;
	return true;
}

static void regs_start(const uint64_t regs[PT_NREGS], uint64_t stack,
		       struct unwind_start *s)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->regs, regs, sizeof(s->regs));
	s->have_regs = true;
	s->ip = regs[PT_IP];
	s->sp = regs[PT_SP];
	s->bp = regs[PT_BP];
	s->signal = true;
	s->stack_base = stack;
}

static struct pgr_error *add_task(struct vmcore_kernel *k,
				  struct crash_record *rec,
				  const struct task_info *t, bool crashed,
				  const struct unwind_start *start)
{
	struct task_stack *ts = record_add_task(rec);
	if (!ts || !(ts->comm = record_strdup(rec, t->comm)))
		return &pgr_enomem;
	ts->pid = pgr_s64_of(t->pid);
	if (t->cpu >= 0)
		ts->cpu = pgr_s64_of(t->cpu);
	ts->state = t->state;
	ts->crashed = crashed;
	if (!start)
		return NULL;
	return stack_frames(k, rec, start, &ts->frames);
}

// Which start applies to task @p t: the crashed CPU's note, another
// CPU's note when @p t runs there, or the frame it slept in.
static bool task_start(struct vmcore_kernel *k, const struct task_offsets *o,
		       const struct task_info *t,
		       const struct crash_context *crash, const uint64_t *curr,
		       struct unwind_start *s)
{
	if (crash->valid && t->addr == crash->task) {
		if (!crash->have_regs)
			return false;
		regs_start(crash->regs, t->stack, s);
		return true;
	}
	uint64_t regs[PT_NREGS];
	if (t->cpu >= 0 && (uint64_t)t->cpu < k->ncpus &&
	    curr[t->cpu] == t->addr &&
	    note_regs(k, note_of_cpu(k, t->cpu, t->pid), regs)) {
		regs_start(regs, t->stack, s);
		return true;
	}
	return sleeping_start(k, o, t, s);
}

static struct pgr_error *crashed_into_record(struct crash_record *rec,
					     const struct task_stack *ts)
{
	if (!rec->pid.known) {
		rec->pid = ts->pid;
		rec->cpu = ts->cpu;
		rec->comm = ts->comm;
	}
	if (rec->frames.size)
		return NULL;
	vector_for_each(const struct frame, f, &ts->frames) {
		if (!frame_vector_append(&rec->frames, f))
			return &pgr_enomem;
	}
	return NULL;
}

static struct pgr_error *
collect(struct vmcore_kernel *k, struct crash_record *rec,
	const struct task_offsets *o, const struct crash_context *crash,
	const struct u64_vector *addrs, const uint64_t *curr)
{
	vector_for_each(const uint64_t, addr, addrs) {
		struct task_info t;
		if (!read_task(k, o, *addr, &t))
			continue;
		struct unwind_start s;
		bool crashed = crash->valid && t.addr == crash->task;
		bool have = task_start(k, o, &t, crash, curr, &s);
		struct pgr_error *err =
			add_task(k, rec, &t, crashed, have ? &s : NULL);
		if (err)
			return err;
		if (crashed)
			err = crashed_into_record(
				rec, task_vector_last(&rec->tasks));
		if (err)
			return err;
	}
	return NULL;
}

static struct pgr_error *collect_tasks(struct vmcore_kernel *k,
				       struct crash_record *rec)
{
	struct task_offsets o;
	if (!task_offsets(k, &o))
		return pgr_error_create(
			PGR_ERROR_NOT_FOUND,
			"struct task_struct layout unknown (no BTF?)");
	struct crash_context crash;
	// Without a known crashing CPU, every task still gets its stack.
	struct pgr_error *err = tasks_crash_context(k, &crash);
	if (err == &pgr_enomem)
		return err;
	pgr_error_destroy(err);
	uint64_t *curr = calloc(k->ncpus, sizeof(*curr));
	if (!curr)
		return &pgr_enomem;
	for (unsigned int cpu = 0; cpu < k->ncpus; cpu++)
		curr[cpu] = cpu_curr(k, &o, cpu);
	struct u64_vector addrs;
	u64_vector_init(&addrs);
	err = list_tasks(k, &o, &addrs);
	// A broken list still yields the tasks read before the break.
	if (err && err != &pgr_enomem) {
		pgr_error_destroy(err);
		err = NULL;
	}
	if (!err)
		err = collect(k, rec, &o, &crash, &addrs, curr);
	u64_vector_deinit(&addrs);
	free(curr);
	return err;
}

struct pgr_error *vmcore_collect_tasks(struct vmcore_kernel *k,
				       struct crash_record *rec)
{
	return kernel_deferred(k, collect_tasks(k, rec));
}
