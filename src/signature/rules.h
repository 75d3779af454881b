// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Signature rules: loading and validating the JSON rule files of
 * signatures/ (format in man/pagerace-signatures.5).
 */
#ifndef PGR_RULES_H
#define PGR_RULES_H

#include <stdbool.h>
#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "error.h"
#include "record.h"
#include "vector.h"

/*
 * Condition types: X(enum suffix, JSON key, what the value is).  The
 * table drives parsing and lint messages; tests/run-cli.sh checks that
 * man/pagerace-signatures.5 documents every key.
 */
#define PGR_CONDITION_TYPES(X)                                              \
	X(KIND, "kind", "list of crash kinds")                              \
	X(FAULT_FUNCTION, "fault_function", "list of function names")       \
	X(GUILTY_FUNCTION, "guilty_function", "list of function names")     \
	X(FRAMES, "frames", "list of function names, in call-trace order")  \
	X(FRAMES_ANY, "frames_any", "list of function names")               \
	X(FRAMES_ABSENT, "frames_absent", "list of function names")         \
	X(SOURCE_FILE, "source_file", "a source path")                      \
	X(SOURCE_LINE, "source_line", "{\"min\": N, \"max\": N}")           \
	X(MESSAGE, "message", "a PCRE2 regex")                              \
	X(PAGE, "page", "an object of page facts")                          \
	X(OTHER_TASK, "other_task", "{\"frames_any\": [...], \"comm\": regex}") \
	X(KERNEL, "kernel", "{\"min\": VERSION, \"below\": VERSION}")       \
	X(ARCH, "arch", "list of architectures")                            \
	X(MODULE, "module", "list of module names")                         \
	X(FINDING, "finding",                                               \
	  "list of finding ids, or {\"id\": [...], \"subject\": S}")

enum condition_type {
#define X(e, key, doc) COND_##e,
	PGR_CONDITION_TYPES(X)
#undef X
		COND_TYPE_COUNT
};

const char *condition_type_key(enum condition_type type);

enum cmp_op { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE };

struct int_cmp {
	bool set;
	enum cmp_op op;
	int64_t value;
};

/** Facts a page must have; unset members are not checked. */
struct page_cond {
	enum tristate mapping_null;
	enum tristate tail;
	enum tristate compound;
	struct int_cmp refcount;
	struct int_cmp mapcount;
	struct string_vector flags_present;
	struct string_vector flags_absent;
	pcre2_code *reason;
};

/*
 * What a finding must be about: any finding of the dump, one on a page
 * of the crash (a struct page the crashing code held), or one on such a
 * page's address_space.
 */
enum finding_subject { SUBJECT_ANY = 0, SUBJECT_PAGE, SUBJECT_MAPPING };

struct condition {
	enum condition_type type;
	bool required;
	bool decisive;
	double weight;
	char *why;
	/** Function, kind, arch, module or finding names. */
	struct string_vector names;
	/** source_file's path; message's regex as written. */
	char *text;
	pcre2_code *regex;
	/** comm regex of other_task. */
	pcre2_code *comm;
	struct pgr_u64 line_min, line_max;
	char *version_min, *version_below;
	struct page_cond page;
	enum finding_subject subject;
	/** The condition as the rule file wrote it, for verdict output. */
	char *source_json;
};
DEFINE_VECTOR(condition_vector, struct condition)

struct actor {
	char *name;
	char *role;
	bool crashed;
	struct string_vector frames_any;
	pcre2_code *comm;
};
DEFINE_VECTOR(actor_vector, struct actor)

struct race_step {
	char *actor;
	char *does;
};
DEFINE_VECTOR(race_step_vector, struct race_step)

struct fix_commit {
	char *id;
	char *title;
	/** First mainline release with the commit ("v5.10-rc6"). */
	char *release;
	/** Stable releases that carry it, one per branch ("5.9.12"). */
	struct string_vector stable;
	/** A prerequisite of the fix, not the fix: no version knowledge. */
	bool prerequisite;
	/** Whether id and releases were checked against a kernel tree. */
	bool verified;
};
DEFINE_VECTOR(fix_commit_vector, struct fix_commit)

struct rule {
	struct pgr_arena arena;
	char *path;
	char *id;
	char *bug;
	char *title;
	char *subsystem;
	char *introduced;
	struct string_vector fixed;
	struct fix_commit_vector commits;
	char *fix_change;
	char *workaround;
	struct string_vector references;
	char *root_cause;
	struct actor_vector actors;
	struct race_step_vector steps;
	struct condition_vector conditions;
};
DEFINE_VECTOR(rule_ptr_vector, struct rule *)

struct rule_set {
	struct rule_ptr_vector rules;
	/** Hash of every loaded file's bytes, for caches keyed on rules. */
	uint64_t hash;
};

/** A problem in one rule file; lint reports them all. */
struct rule_problem {
	char *path;
	char *message;
};
DEFINE_VECTOR(rule_problem_vector, struct rule_problem)

void rule_set_init(struct rule_set *set);
void rule_set_deinit(struct rule_set *set);

/**
 * Load @p path (a .json file or a directory of them, sorted by name).
 * Every broken file is added to @p problems; with @p keep_going the
 * good rules still load and the return is NULL, else the first problem
 * is returned as an error.
 */
struct pgr_error *rule_set_load(struct rule_set *set, const char *path,
				bool keep_going,
				struct rule_problem_vector *problems);
void rule_problems_deinit(struct rule_problem_vector *problems);

const struct rule *rule_set_find(const struct rule_set *set, const char *id);

#endif
