// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * One Linux kernel CVE record (CVE JSON 5, as the kernel CNA writes it)
 * turned into a knowledge-base entry: the fix's subject, commits,
 * per-branch fixed releases, files, the functions its message names, and
 * the signature of every crash report it quotes, parsed with pagerace's
 * own oops parser.
 */
#ifndef PGR_KB_CVE_H
#define PGR_KB_CVE_H

#include "kb/kb.h"

struct oops_patterns;

/**
 * Add the record @p json (named @p name) to @p kb.  A record that is not
 * valid JSON or lacks its id is PGR_ERROR_BAD_DATA: the caller counts
 * and skips it.  Out of memory is the only other error.
 */
struct pgr_error *kb_add_cve(struct kb *kb, const char *name, const char *json,
			     const struct oops_patterns *patterns);

#endif
