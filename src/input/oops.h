// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Oops and console-log parser: text in, one crash record per report out.
 *
 * The reader streams: it holds one report's lines at a time, so memory
 * does not grow with the input.
 */
#ifndef PGR_OOPS_H
#define PGR_OOPS_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"
#include "record.h"

struct oops_patterns;
struct oops_reader;

/**
 * Compile the parser's patterns.  The result is immutable: any number of
 * readers (also in forked children, or in threads) may share it, and it
 * must outlive them.  Compiling is most of the cost of a reader over a
 * small input, so a program reading many inputs creates it once.
 */
struct pgr_error *oops_patterns_create(struct oops_patterns **ret);
void oops_patterns_destroy(struct oops_patterns *patterns);

static inline void oops_patterns_destroyp(struct oops_patterns **pat)
{
	oops_patterns_destroy(*pat);
}

/**
 * Start reading @p in (not closed by the reader); @p name is the input's
 * name for records and messages.  @p patterns (which must outlive the
 * reader) is shared; NULL: the reader compiles its own.
 */
struct pgr_error *oops_reader_create(FILE *in, const char *name,
				     const struct oops_patterns *patterns,
				     struct oops_reader **ret);
/**
 * Parse the next report into @p rec, which the reader initialises with
 * crash_record_init() and the caller deinitialises.  *@p found_ret is
 * false (and @p rec untouched) at the end of the input.
 */
struct pgr_error *oops_reader_next(struct oops_reader *reader,
				   struct crash_record *rec, bool *found_ret);
/** Lines read so far (for progress and error messages). */
size_t oops_reader_line(const struct oops_reader *reader);
void oops_reader_destroy(struct oops_reader *reader);

static inline void oops_reader_destroyp(struct oops_reader **reader)
{
	oops_reader_destroy(*reader);
}

/**
 * The report of the crash in a dump's kernel log @p text (@p len bytes,
 * read with printk's caller ids), into @p ret: the report that began
 * last, with a trailing panic line noted on the oops it follows.
 * *@p found_ret says whether the log had any report; without one @p ret
 * is an empty record.  @p ret is initialised here, also on error, and the
 * caller deinitialises it.
 */
struct pgr_error *oops_panic_report(const char *text, size_t len,
				    const char *name,
				    const struct oops_patterns *patterns,
				    struct crash_record *ret, bool *found_ret);

#endif
