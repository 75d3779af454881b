// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Known kernel bugs from the kernel's own CVE records: what each fix
 * touches, which releases of which stable branch carry it, and the crash
 * signature of every report its message quotes; an index by guilty
 * frame, fault function and BUG/WARN site; and the matching of a crash
 * record against it.
 *
 * The knowledge file is line-oriented text (see kb_file.c), so that it
 * diffs, greps and loads without a JSON parser.
 */
#ifndef PGR_KB_H
#define PGR_KB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "error.h"
#include "record.h"
#include "triage/strmap.h"
#include "vector.h"

/** Bump when the knowledge file's lines change meaning. */
#define KB_FORMAT 1

/** One stable branch's rows of a record. */
struct kb_branch {
	/** "6.1"; the branch of the release below. */
	char *branch;
	/** First affected release of the branch when not the introduction. */
	char *affected_from;
	/** First release of the branch with the fix; NULL: none listed. */
	char *fixed;
};
DEFINE_VECTOR(kb_branch_vector, struct kb_branch)

/** The signature of one crash report quoted by a record. */
struct kb_crash {
	enum crash_kind kind;
	char *guilty;
	char *fault;
	char *site_file;
	uint64_t site_line;
	/** Normalised frames from the guilty one on, in trace order, without
	 * plumbing (entry code, dump_stack ...). */
	struct string_vector frames;
};
DEFINE_VECTOR(kb_crash_vector, struct kb_crash)

struct kb_entry {
	char *id;
	/** The fix commit's subject line. */
	char *subject;
	/** Mainline release that introduced the bug, or NULL. */
	char *introduced;
	/** Mainline release of the fix ("6.9"), or NULL. */
	char *mainline_fix;
	/** Fix commit ids (12 hex digits), mainline's last. */
	struct string_vector commits;
	struct kb_branch_vector branches;
	struct string_vector files;
	/** Functions the fix message names ("foo()"), outside the report. */
	struct string_vector functions;
	struct kb_crash_vector crashes;
};
DEFINE_VECTOR(kb_entry_vector, struct kb_entry)
DEFINE_VECTOR(size_vector, size_t)

struct kb {
	struct pgr_arena arena;
	struct kb_entry_vector entries;
	/** Index: key -> position in postings (entry numbers). */
	struct strmap index;
	struct {
		struct size_vector *data;
		size_t size, capacity;
	} postings;
	/** Where the records came from, as the file's header says. */
	char *source;
	/** A knowledge file read whole: the entries' strings point into it. */
	char *text;
	/** FNV-1a of the file's text (what a triage cache key covers). */
	uint64_t hash;
};

void kb_init(struct kb *kb);
void kb_deinit(struct kb *kb);

/** A new entry (zeroed, vectors initialised); NULL on ENOMEM. */
struct kb_entry *kb_add_entry(struct kb *kb);
/** Strings in the knowledge base's arena; NULL only on ENOMEM. */
char *kb_strdup(struct kb *kb, const char *s);
char *kb_strndup(struct kb *kb, const char *s, size_t n);

/** Index every entry (after building or reading). */
struct pgr_error *kb_build_index(struct kb *kb);

/** Write the knowledge file; @p path names @p out in errors. */
struct pgr_error *kb_write(const struct kb *kb, FILE *out, const char *path);
/**
 * Read a knowledge file (plain or compressed).  One from another format,
 * or truncated, is an error that says how to rebuild it.
 */
struct pgr_error *kb_read(struct kb *kb, const char *path);

enum kb_strength { KB_WEAK, KB_MEDIUM, KB_STRONG };
const char *kb_strength_name(enum kb_strength s);

/** What the crash's kernel version says about one entry's fix. */
enum kb_version_state {
	/** No version, or a distribution's (backports unknown). */
	KB_VERSION_UNKNOWN,
	/** Older than the release that introduced the bug. */
	KB_VERSION_BEFORE_BUG,
	KB_VERSION_AFFECTED,
	KB_VERSION_HAS_FIX,
};

struct kb_candidate {
	const struct kb_entry *entry;
	/** The quoted crash that matched best, or NULL (function-level). */
	const struct kb_crash *crash;
	int score;
	/** Frames in the same order (uncapped): breaks ties of score. */
	size_t in_order;
	enum kb_strength strength;
	/** What agreed, e.g. "guilty frame, kind, 4 frames in order". */
	char why[160];
	enum kb_version_state version_state;
	/** The version verdict in words, for people. */
	char version_text[200];
};

#define KB_MAX_CANDIDATES 5

/**
 * The entries most like @p rec, best first, at most KB_MAX_CANDIDATES;
 * *@p count_ret says how many.
 */
struct pgr_error *kb_match(const struct kb *kb, const struct crash_record *rec,
			   struct kb_candidate *out, size_t *count_ret);

/** Fill @p c's version verdict for the kernel release @p version. */
void kb_version_verdict(const struct kb_entry *e, const char *version,
			struct kb_candidate *c);

#endif
