// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * The kernel log of a crash dump, read with VMCOREINFO alone (no debug
 * info): the lockless printk ring buffer of Linux 5.10+, and the older
 * variable-length-record log_buf.
 */
#ifndef PGR_VMCORE_PRINTK_H
#define PGR_VMCORE_PRINTK_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "vmcore/dump.h"

/** The log as text, one record per line, in sequence order. */
struct printk_log {
	/** "[    8.094262] text\n" lines; NUL-terminated, heap-allocated. */
	char *text;
	size_t len;
	/** Records printed. */
	size_t records;
	/**
	 * Records skipped: not committed, reused while the kernel died, or
	 * pointing outside the data ring; and data-less (empty) records.
	 */
	size_t skipped;
};

enum printk_flags {
	/**
	 * Add the caller id after the timestamp, as a kernel built with
	 * CONFIG_PRINTK_CALLER prints it: "[    8.094262][  T100] text".
	 */
	PRINTK_CALLER = 1 << 0,
};

/**
 * Read and format the log.  Without the VMCOREINFO entries that describe
 * the ring, PGR_ERROR_NOT_FOUND; a ring whose header makes no sense or
 * cannot be read, PGR_ERROR_BAD_DATA.  Every walk is bounded by the
 * ring's size.  A record's embedded newlines are kept as they are (like
 * drgn's get_dmesg()).
 */
struct pgr_error *printk_read(struct vmcore_dump *dump, unsigned int flags,
			      struct printk_log *ret);
void printk_log_deinit(struct printk_log *log);

#endif
