// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Source lines and inline chains of code addresses from DWARF (libdw),
 * shared by the vmcore reader and the symbolization of logs: what
 * "addr2line -i -f" prints for one address, without a process per
 * address.
 */
#ifndef PGR_DEBUGINFO_SRCLINE_H
#define PGR_DEBUGINFO_SRCLINE_H

#include <elfutils/libdw.h>
#include <stddef.h>

#include "record.h"

/** Deeper inline nesting than this is cut (the outermost levels go). */
enum { SRCLINE_MAX_DEPTH = 16 };

/**
 * One level of the chain: a function and the line reached in it.  The
 * strings belong to the Dwarf handle and live as long as it does.
 */
struct srcline_level {
	/** NULL when DWARF names no function here. */
	const char *function;
	/** Relative to the build directory when under it. */
	const char *file;
	int line;
};

/**
 * The chain at one address, innermost first: the line in the innermost
 * inlined function, then each call site of an inlined function in its
 * caller, ending in the concrete function (addr2line -i's order).
 */
struct srcline {
	struct srcline_level levels[SRCLINE_MAX_DEPTH];
	size_t depth;
};

/**
 * Look up @p addr (a DWARF address) in compilation unit @p cu; false when
 * the line table has no row for it.  Allocation inside libdw failing
 * reads as not found: the frame is printed without its source.
 */
bool srcline_lookup(Dwarf_Die *cu, Dwarf_Addr addr, struct srcline *ret);

/**
 * Store @p s in @p f: f->source is the innermost "file:line" and, when
 * code was inlined, f->inline_chain every level.  False on ENOMEM.
 */
bool srcline_to_frame(const struct srcline *s, struct crash_record *rec,
		      struct frame *f);

#endif
