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

struct oops_reader;

/**
 * Start reading @p in (not closed by the reader); @p name is the input's
 * name for records and messages.
 */
struct pgr_error *oops_reader_create(FILE *in, const char *name,
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

#endif
