// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * The crash record: the one structure every input adapter fills and every
 * later stage (enrichment, signature engine, renderers) reads.
 *
 * A fact the input cannot give is unknown, never false: numeric facts are
 * struct pgr_u64/pgr_s64 with a known flag, booleans are enum tristate,
 * strings are NULL when unknown.  All strings are owned by the record's
 * arena and freed with it.
 */
#ifndef PGR_RECORD_H
#define PGR_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "vector.h"

enum tristate { TRI_UNKNOWN = 0, TRI_FALSE, TRI_TRUE };

struct pgr_u64 {
	bool known;
	uint64_t value;
};

struct pgr_s64 {
	bool known;
	int64_t value;
};

static inline struct pgr_u64 pgr_u64_of(uint64_t v)
{
	return (struct pgr_u64){ .known = true, .value = v };
}

static inline struct pgr_s64 pgr_s64_of(int64_t v)
{
	return (struct pgr_s64){ .known = true, .value = v };
}

/*
 * Crash kinds: X(enum suffix, JSON name, title prefix).  The title of a
 * record is "<prefix> in <guilty function>", the form syzbot uses, so
 * titles can be compared with syzbot's.
 */
#define PGR_CRASH_KINDS(X)                                                    \
	X(UNKNOWN, "unknown", "kernel crash")                                 \
	X(NULL_DEREF, "null_deref",                                           \
	  "BUG: unable to handle kernel NULL pointer dereference")            \
	X(PAGING_REQUEST, "paging_request",                                   \
	  "BUG: unable to handle kernel paging request")                      \
	X(GPF, "gpf", "general protection fault")                             \
	X(BUG, "bug", "kernel BUG")                                           \
	X(WARNING, "warning", "WARNING")                                      \
	X(BAD_PAGE, "bad_page", "BUG: Bad page state")                        \
	X(KASAN, "kasan", "KASAN")                                            \
	X(UBSAN, "ubsan", "UBSAN")                                            \
	X(SOFT_LOCKUP, "soft_lockup", "BUG: soft lockup")                     \
	X(HARD_LOCKUP, "hard_lockup", "watchdog: hard LOCKUP")                \
	X(RCU_STALL, "rcu_stall", "INFO: rcu detected stall")                 \
	X(HUNG_TASK, "hung_task", "INFO: task hung")                          \
	X(PANIC, "panic", "Kernel panic")                                     \
	X(LOCKDEP_DEADLOCK, "lockdep_deadlock", "possible deadlock")          \
	X(LOCKDEP_INCONSISTENT, "lockdep_inconsistent",                       \
	  "inconsistent lock state")                                          \
	X(SUSPICIOUS_RCU, "suspicious_rcu", "WARNING: suspicious RCU usage")  \
	X(HELD_LOCK_FREED, "held_lock_freed", "WARNING: held lock freed")     \
	X(BAD_UNLOCK, "bad_unlock", "WARNING: bad unlock balance")            \
	X(LOCK_LEAK, "lock_leak",                                             \
	  "WARNING: lock held when returning to user space")                  \
	X(KMSAN, "kmsan", "KMSAN")                                            \
	X(KCSAN, "kcsan", "KCSAN: data-race")                                 \
	X(KFENCE, "kfence", "KFENCE")                                         \
	X(KMEMLEAK, "kmemleak", "memory leak")                                \
	X(SLEEP_INVALID, "sleep_invalid",                                     \
	  "BUG: sleeping function called from invalid context")               \
	X(SCHED_ATOMIC, "sched_atomic", "BUG: scheduling while atomic")       \
	X(REFCOUNT, "refcount", "WARNING: refcount bug")                      \
	X(LIST_CORRUPTION, "list_corruption", "BUG: corrupted list")          \
	X(SPINLOCK, "spinlock", "BUG: spinlock")                              \
	X(WQ_LOCKUP, "wq_lockup", "BUG: workqueue lockup")                    \
	X(NETDEV_WAIT, "netdev_wait",                                         \
	  "unregister_netdevice: waiting for device to become free")          \
	X(STACK_PROTECTOR, "stack_protector",                                 \
	  "kernel panic: stack is corrupted")                                 \
	X(STACK_OVERFLOW, "stack_overflow", "kernel stack overflow")          \
	X(DIVIDE_ERROR, "divide_error", "divide error")                       \
	X(INVALID_OPCODE, "invalid_opcode", "invalid opcode")                 \
	X(BAD_PAGE_MAP, "bad_page_map", "BUG: Bad page map")                  \
	X(BAD_RSS, "bad_rss", "BUG: Bad rss-counter state")                   \
	X(OTHER, "other", "kernel oops")

enum crash_kind {
#define X(e, name, title) CRASH_##e,
	PGR_CRASH_KINDS(X)
#undef X
		CRASH_KIND_COUNT
};

const char *crash_kind_name(enum crash_kind kind);
const char *crash_kind_title(enum crash_kind kind);
/** Returns CRASH_KIND_COUNT when @p name is no kind. */
enum crash_kind crash_kind_from_name(const char *name);

/** Which stack a frame was printed on. */
enum frame_context {
	FRAME_TASK = 0,
	FRAME_IRQ,
	FRAME_SOFTIRQ,
	FRAME_NMI,
	FRAME_EXCEPTION,
};

/** One level of an inline chain: a function and the line reached in it. */
struct inline_level {
	/** "??" when the debug info names no function there. */
	char *function;
	/** "file:line". */
	char *source;
};

struct frame {
	/** Function name exactly as printed, e.g. "ll_readahead.isra.3". */
	char *function;
	/** Name for matching: compiler suffixes (.isra.N ...) removed. */
	char *normalized;
	/** Module in brackets, e.g. "lustre"; NULL for vmlinux. */
	char *module;
	struct pgr_u64 address;
	struct pgr_u64 offset;
	struct pgr_u64 length;
	/** False for frames printed with "? " (stack scan guesses). */
	bool reliable;
	enum frame_context context;
	/** "file:line" when symbolized from debug info, else NULL. */
	char *source;
	/**
	 * When the code at the frame's address was inlined: every level,
	 * innermost first (inline_chain[0].source is @c source), ending in
	 * the function the frame is in; NULL and 0 otherwise.
	 */
	struct inline_level *inline_chain;
	size_t inline_depth;
	/** The module's build id the log printed ("[mod 0123ab...]"). */
	char *module_build_id;
	/**
	 * The log printed an address and no symbol ("[<000003ff8025a4e6>]
	 * 0x3ff8025a4e6"): the function is unknown, @c function holds the
	 * address as text and the frame is not reliable.
	 */
	bool no_symbol;
};
DEFINE_VECTOR(frame_vector, struct frame)

struct reg {
	char *name;
	uint64_t value;
};
DEFINE_VECTOR(reg_vector, struct reg)

DEFINE_VECTOR(string_vector, char *)

/** A decoded dump_page() block, or a struct page read from a vmcore. */
struct page_dump {
	struct pgr_u64 address;
	struct pgr_u64 pfn;
	struct pgr_s64 refcount;
	struct pgr_s64 mapcount;
	/** page->mapping as printed (0 means NULL: a fact, not unknown). */
	struct pgr_u64 mapping;
	struct pgr_u64 index;
	/** Address of the compound head when this is a tail ("head:"). */
	struct pgr_u64 head;
	struct pgr_u64 order;
	struct pgr_s64 compound_mapcount;
	enum tristate is_tail;
	enum tristate is_compound;
	/** Raw flags word ("flags: 0x17ffffc0000020(lru|...)"). */
	struct pgr_u64 flags;
	/** Flag names as printed or decoded, e.g. "writeback". */
	struct string_vector flag_names;
	/** "page dumped because: ..." */
	char *reason;
	/** address_space operations symbol ("aops:shmem_aops"). */
	char *aops;
	struct pgr_u64 ino;
	char *dentry;
	/** The "raw:" words, in order. */
	struct string_vector raw;
	/**
	 * Whether the log printed page:, head: and mapping: with %p, as hash
	 * ids rather than addresses (kernels since 4.15).  While TRI_TRUE,
	 * address and head are unknown (the page id is in address_hash) and
	 * mapping holds the id: only whether it is NULL (printed as 0) is a
	 * fact.  Reading the page from memory makes them exact again.
	 */
	enum tristate pointers_hashed;
	/** The id printed as "page:" when the log hashed pointers. */
	struct pgr_u64 address_hash;
	/** The log printed this page (dump_page()). */
	bool from_log;
	/** Its facts were read from memory (a dump): they win over the log. */
	bool from_memory;
	/** The mapping's host inode: i_size (bytes) and mapping->nrpages. */
	struct pgr_s64 i_size;
	struct pgr_u64 nrpages;
	/** Filesystem type of the host's superblock ("ext4", "tmpfs"). */
	char *fs_type;
};
DEFINE_VECTOR(page_vector, struct page_dump)

/**
 * Another task's stack: kdb/sysrq-t/hung-task dumps, or a vmcore.  Also
 * the stacks a sanitizer prints for the object of a report (see
 * crash_record.object_stacks), which have a role.
 */
struct task_stack {
	/**
	 * For object stacks: "alloc", "free" (KASAN/KFENCE "Allocated by
	 * task", "Freed by task", page_owner), "origin" (KMSAN "Uninit was
	 * created at"), "aux" (work creation, call_rcu); NULL for tasks.
	 */
	const char *role;
	char *comm;
	struct pgr_s64 pid;
	struct pgr_s64 cpu;
	/** State letter as printed: R, D, S ...; 0 when unknown. */
	char state;
	/** Whether this is the task that crashed. */
	bool crashed;
	struct frame_vector frames;
};
DEFINE_VECTOR(task_vector, struct task_stack)

/** An invariant check from dump data ("page not in its mapping"). */
struct finding {
	char *id;
	char *text;
	/** What it is about: a struct page, or an address for other ids. */
	struct pgr_u64 address;
	/** The address_space it is about, when it names one. */
	struct pgr_u64 mapping;
};
DEFINE_VECTOR(finding_vector, struct finding)

enum record_source { RECORD_FROM_LOG = 0, RECORD_FROM_VMCORE };

struct crash_record {
	struct pgr_arena arena;
	enum record_source source;
	/** Input path and 1-based line range of the report in it. */
	char *input;
	size_t first_line, last_line;

	enum crash_kind kind;
	/** Dedup title: "<kind prefix> in <guilty function>". */
	char *title;
	/**
	 * The title syzbot's dashboard gives such a report ("KASAN:
	 * slab-use-after-free Read in f", "possible deadlock in f"); see
	 * record_title.c.  NULL when the kind has no such form.
	 */
	char *syz_title;
	/**
	 * TRI_TRUE when the report is cut short (a trace header with no
	 * frames after it, or a report whose kind always prints a trace
	 * without one) or mixed beyond repair; unknown for dumps.
	 */
	enum tristate corrupted;
	/** The header line as printed (timestamps stripped). */
	char *headline;
	/** Extra text of the report: WARN/panic message, KASAN access. */
	char *message;
	/** The frame the crash is about; index into frames or -1. */
	long guilty;
	/** Fault site (RIP / pc): function, module, offset as printed. */
	struct frame fault;
	bool has_fault;
	/** Faulting data address (CR2, "at virtual address"). */
	struct pgr_u64 fault_address;
	/** BUG/WARN source location, e.g. "mm/truncate.c" and 234. */
	char *source_file;
	struct pgr_u64 source_line;

	char *arch;
	char *kernel_version;
	/** Taint letters as printed ("G    B   O" -> "BO"); "" untainted. */
	char *taint;
	char *comm;
	struct pgr_s64 pid;
	struct pgr_s64 cpu;
	char *hardware;
	/** Panic line that followed, if any. */
	char *panic_message;

	struct frame_vector frames;
	struct reg_vector regs;
	struct string_vector modules;
	struct page_vector pages;
	struct task_vector tasks;
	/**
	 * The object's history a sanitizer printed: where the memory was
	 * allocated and freed, where a KMSAN uninit value came from.  These
	 * are not running tasks: no race partner is bound to them.
	 */
	struct task_vector object_stacks;
	struct finding_vector findings;
	/** The report's lines after prefix removal, joined by '\n'. */
	char *text;
};

void crash_record_init(struct crash_record *rec);
void crash_record_deinit(struct crash_record *rec);

/** Strings in the record's arena; NULL only on ENOMEM. */
char *record_strdup(struct crash_record *rec, const char *s);
char *record_strndup(struct crash_record *rec, const char *s, size_t n);

/** The guilty frame, or NULL if none was chosen. */
const struct frame *crash_record_guilty(const struct crash_record *rec);
/** Name the record's kind and guilty frame and build its title. */
struct pgr_error *crash_record_finish(struct crash_record *rec);
/**
 * Build rec->syz_title from the kind, headline, message and the guilty
 * frame (record_title.c); called by crash_record_finish().
 */
struct pgr_error *crash_record_syz_title(struct crash_record *rec);

/** Drop compiler suffixes: "foo.isra.0" -> "foo", "bar.cold" -> "bar". */
size_t function_normalized_len(const char *name, size_t len);

/** Frame helpers used by parsers and the vmcore reader alike. */
struct frame *frame_vector_push(struct crash_record *rec,
				struct frame_vector *v, const char *function,
				size_t len);
struct task_stack *record_add_task(struct crash_record *rec);
struct task_stack *record_add_object_stack(struct crash_record *rec,
					   const char *role);
struct page_dump *record_add_page(struct crash_record *rec);

/**
 * For a page printed by a 64-bit kernel's log: a struct page, mapping or
 * head pointer never fits in 32 bits there, while %p prints a 32-bit
 * hash id.  If @p p holds such values, mark its pointers hashed (see
 * page_dump.pointers_hashed), else mark them exact.
 */
void page_dump_check_hashed(struct page_dump *p);

#endif
