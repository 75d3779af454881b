// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Internals shared by the oops parser's files (oops.c: report splitting,
 * oops_lines.c: bounded line reading and prefix stripping, oops_parse.c:
 * PCRE2 patterns and line decoders, oops_page.c: dump_page() decoding).
 * Not a public interface.
 */
#ifndef PGR_OOPS_PRIV_H
#define PGR_OOPS_PRIV_H

#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "record.h"

enum {
	/** Longer lines are cut here; the rest is read and dropped. */
	OOPS_LINE_MAX = 64 * 1024,
	/** A report is closed when it reaches either bound. */
	OOPS_REPORT_MAX_LINES = 4096,
	OOPS_REPORT_MAX_TEXT = 1024 * 1024,
};

/** Bounded line reader over a FILE: one buffer, reused for every line. */
struct line_reader {
	FILE *in;
	char *buf;
	size_t size, start, end;
	/** Bytes before this offset were made valid UTF-8. */
	size_t checked;
	bool eof, skipping;
	size_t lineno;
};

struct pgr_error *line_reader_init(struct line_reader *lr, FILE *in,
				   const char *name);
void line_reader_deinit(struct line_reader *lr);
/**
 * The next line, NUL-terminated, without its newline, NUL bytes replaced
 * by spaces and bytes that are not UTF-8 by '?'; valid until the next
 * call.  *@p line_ret is NULL at the end.
 */
struct pgr_error *line_reader_next(struct line_reader *lr, const char *name,
				   char **line_ret, size_t *len_ret);
/** First byte of the next line if it is read already, else -1. */
int line_reader_peek(const struct line_reader *lr);

/** One input line with console/syslog/mail prefixes removed. */
struct oops_line {
	const char *s;
	size_t len;
	/** printk caller id: "T123" -> 123, "C1" -> -2 (-(cpu + 1)). */
	long caller;
	bool has_caller;
	bool has_timestamp;
	/** Mail quote depth ("> > " is 2). */
	int quote;
};

/** Strips in place: the result is NUL-terminated (trailing blanks cut). */
void oops_strip_prefix(char *line, size_t len, struct oops_line *ret);

/**
 * Whether @p l has a shape a mail client may have cut (a register line
 * whose last value is missing, a frame of addresses only, a header ending
 * in "in"/"at", a timestamped long line): then the next line is read to
 * see whether it completes it.  Cheap: runs on every line.
 */
bool oops_line_may_wrap(const struct oops_line *l);

struct oops_regex;
/**
 * Append @p next to @p prev (whose text is in @p buf of @p cap bytes) if
 * it is the rest of @p prev's line: it has no prefix of its own and
 * completes @p prev's shape.  False otherwise; then a "[" that @p prev
 * ends in but that starts @p next's text moves to @p next, when @p next
 * starts after @p floor (the start of its buffer).
 */
bool oops_line_join(struct oops_regex *re, struct oops_line *prev, char *buf,
		    size_t cap, struct oops_line *next, const char *floor);

/** The patterns, compiled once (struct oops_patterns) and shared. */
enum oops_re {
	RE_CPU,
	RE_WARNING,
	RE_KDB_TASK,
	RE_SYSRQ_TASK,
	RE_SYSRQ_OLD_TASK,
	RE_MODULE_LIST,
	RE_COUNT,
};

/** Compiled (and where possible JIT-compiled) patterns; never modified. */
struct oops_patterns {
	pcre2_code *code[RE_COUNT];
};

/**
 * A reader's matching state: the shared patterns plus its own match data.
 * @c own is set when the reader compiled its patterns itself.
 */
struct oops_regex {
	const struct oops_patterns *pat;
	struct oops_patterns *own;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
};

/** @p pat NULL: compile a private set of patterns. */
struct pgr_error *oops_regex_init(struct oops_regex *re,
				  const struct oops_patterns *pat);
void oops_regex_deinit(struct oops_regex *re);
/** PCRE2's message for @p rc, with the pattern offset when there is one. */
struct pgr_error *pgr_error_pcre2(int rc, size_t offset);

/**
 * Match pattern @p which against @p s; returns the capture count (> 0) or
 * 0 for no match (a hit match limit is no match: text is not an error).
 */
int oops_match(struct oops_regex *re, enum oops_re which, const char *s,
	       size_t len);
/** Capture @p i of the last match; false when it did not participate. */
bool oops_group(struct oops_regex *re, const char *s, int i,
		const char **start_ret, size_t *len_ret);

/** The caller ARM names after "from". */
struct frame_caller {
	const char *func;
	size_t func_len;
	const char *module;
	size_t module_len;
	/** The module's build id ("[mod 0a1b...]"), or NULL. */
	const char *build_id;
	size_t build_id_len;
	struct pgr_u64 address, offset, length;
};

/** Parsed frame fields, before they are stored in a record. */
struct frame_parse {
	/** NULL for a frame of an address only (no symbol printed). */
	const char *func;
	size_t func_len;
	const char *module;
	size_t module_len;
	/** The module's build id ("[mod 0a1b...]"), or NULL. */
	const char *build_id;
	size_t build_id_len;
	struct pgr_u64 address, offset, length;
	bool reliable;
	/** ARM's "func from caller+0x1/0x2": the caller (func NULL if none). */
	struct frame_caller caller;
};

/** Parse a call trace line; false when @p s is not one. */
bool oops_parse_frame(const char *s, size_t len, struct frame_parse *ret);
/**
 * A frame without offset: "name", "name file.c:12 [inline]", "? name" or
 * decode_stacktrace.sh's "name (file.c:12)" (*@p decoded_ret set).
 */
bool oops_parse_name_frame(const char *s, size_t len, struct frame_parse *ret,
			   bool *decoded_ret);
/** Store a parsed frame; NULL on ENOMEM. */
struct frame *oops_store_frame(struct crash_record *rec,
			       struct frame_vector *v,
			       const struct frame_parse *fp,
			       enum frame_context ctx);

enum { REG_SCAN_MAX = 16 };

/** One "NAME: HEX" pair of a register line. */
struct reg_pair {
	const char *name;
	size_t len;
	/** ppc "GPRnn:" rows: the value is register r<gpr>; else -1. */
	int gpr;
	uint64_t value;
};

/** The pairs of a register line, collected while it is validated. */
struct reg_scan {
	size_t n;
	/** More pairs than fit: oops_add_regs() parses the line again. */
	bool overflow;
	struct reg_pair regs[REG_SCAN_MAX];
};

/**
 * "RAX: 0000 RBX: ..." style lines; false if @p s is not one.  The pairs
 * go to @p ret, for oops_add_regs().
 */
bool oops_is_reg_line(const char *s, size_t len, struct reg_scan *ret);
/** Add the registers @p scan found in the line @p s; false on ENOMEM. */
bool oops_add_regs(struct crash_record *rec, const struct reg_scan *scan,
		   const char *s, size_t len);
/**
 * Add the registers of a line as far as it reads as one (no validation
 * first); false on ENOMEM.
 */
bool oops_parse_regs(struct crash_record *rec, const char *s, size_t len);

/** "CPU: 3 PID: 1 Comm: x Tainted: G B 5.10 #1"; false on ENOMEM. */
bool oops_parse_cpu_line(struct oops_regex *re, struct crash_record *rec,
			 const char *s, size_t len, bool *matched_ret);
/** Taint letters from "G    B   O": "BO"; false on ENOMEM. */
bool oops_set_taint(struct crash_record *rec, const char *s, size_t len);
/** Whether @p s is a mail-wrapped rest of a "Modules linked in:" line. */
bool oops_is_module_list(struct oops_regex *re, const char *s, size_t len);
/**
 * After "E) " or ")" at the start of @p s: the flags of a name that a
 * fixed-width wrap cut ("mei_me(" + "E) lpc_ich(E)"); else @p s.
 */
const char *oops_module_flags_tail(const char *s, const char *end);
/** Append the module names of a "Modules linked in:" line (or rest). */
bool oops_parse_modules(struct crash_record *rec, const char *s, size_t len);

/** Hex number at @p s ("0x" optional); false if there are no digits. */
bool oops_parse_hex(const char *s, const char **end_ret, uint64_t *ret);
/**
 * First occurrence of @p key in [s, s+len), or NULL.  Inline so that
 * strlen() of the literal keys folds; lines are short, so memchr() on the
 * first byte beats memmem()'s set-up.
 */
static inline const char *oops_find(const char *s, size_t len, const char *key)
{
	size_t n = __builtin_strlen(key);
	if (n == 0)
		return s;
	const char *end = s + len;
	while ((size_t)(end - s) >= n) {
		s = __builtin_memchr(s, key[0], end - s - n + 1);
		if (!s)
			return NULL;
		if (__builtin_memcmp(s + 1, key + 1, n - 1) == 0)
			return s;
		s++;
	}
	return NULL;
}

static inline bool oops_starts(const char *s, size_t len, const char *p,
			       size_t plen)
{
	return len >= plen && __builtin_memcmp(s, p, plen) == 0;
}
#define STARTS(s, len, lit) oops_starts((s), (len), (lit), sizeof(lit) - 1)

/** dump_page() decoding (oops_page.c). */
enum page_line {
	PAGE_LINE_NONE,
	/** Belongs to the current page dump. */
	PAGE_LINE_PART,
	/** "page dumped because:": the dump is complete. */
	PAGE_LINE_END,
};
/** Whether @p s starts a dump_page() block ("page:ffff... refcount:"). */
bool oops_page_is_start(const char *s, size_t len);
/**
 * Decode a line of a dump_page() block into @p page (a start line when
 * @p start is true); *@p ret says what it was.  False on ENOMEM.
 */
bool oops_page_line(struct crash_record *rec, struct page_dump *page,
		    const char *s, size_t len, bool start,
		    enum page_line *ret);

/** What a line means for report splitting (oops_classify.c). */
enum hdr {
	HDR_NONE,
	/** Starts a report of a kind. */
	HDR_START,
	/** "Kernel panic - not syncing:": joins the open report. */
	HDR_PANIC,
	/** "Oops:", "Internal error:": part of an open report. */
	HDR_CONT,
	/** "---[ end trace": the report is over but for its trailer. */
	HDR_END,
	/** "---[ end Kernel panic": nothing follows. */
	HDR_END_PANIC,
	/** "cut here", "=====": a report may start. */
	HDR_PRELUDE,
	/** "Call Trace:" */
	HDR_TRACE,
	/** dump_page() */
	HDR_PAGE,
	/** A per-task dump (kdb, sysrq-t, hung task, NMI backtrace). */
	HDR_TASK,
	/**
	 * "refcount_t: underflow", "list_del corruption": the WARN or BUG
	 * header that follows is of this kind; a report may start.
	 */
	HDR_HINT,
};

/** Classify @p s; for HDR_START *@p kind_ret says which kind. */
enum hdr oops_classify(struct oops_regex *re, const char *s, size_t len,
		       enum crash_kind *kind_ret);

#endif
