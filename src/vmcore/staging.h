// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Dumps libkdumpfile cannot read in place: a makedumpfile flattened
 * stream (what "makedumpfile -F" writes to a pipe), or a dump compressed
 * with gzip, xz or zstd (a flattened one too).  Each is rebuilt into an
 * unnamed temporary file in $TMPDIR, bounded: at most the stream's size
 * (flattened) or 64 times the compressed size, and never the last GiB of
 * the file system.
 */
#ifndef PGR_VMCORE_STAGING_H
#define PGR_VMCORE_STAGING_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "input/detect.h"

struct vmcore_staged {
	/** The rebuilt dump, open read-write, already unlinked. */
	int fd;
	uint64_t size;
	bool flattened, compressed;
	/**
	 * The stream ended early (cut, or its compressed data broke off):
	 * what it held is kept, and why_cut (owned) says what happened.
	 */
	bool stream_cut;
	char *why_cut;
};

/** Whether an input of @p type must be staged before it is opened. */
bool vmcore_needs_staging(enum input_type type);

/** Rebuild @p path, of @p type, into a temporary file. */
struct pgr_error *vmcore_stage(const char *path, enum input_type type,
			       struct vmcore_staged *ret);

#endif
