// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Kernel release strings: parse and compare "5.10.0-rc5-syzkaller",
 * "v5.16", "6.1.0-56-cloud-amd64", "2.6.32-431.el6".
 *
 * Versions only say what mainline or stable contained: distributions
 * backport fixes, so a version verdict is always worded as "by version".
 */
#ifndef PGR_VERSION_H
#define PGR_VERSION_H

#include <stdbool.h>

struct kernel_version {
	int major, minor, patch;
	/** Release candidate number; 0 for a release. */
	int rc;
	/** "2.6.32" style: the third number is the branch, not a patch. */
	bool three_part;
};

/** False when @p s does not start with a version. */
bool kernel_version_parse(const char *s, struct kernel_version *ret);
/** <0, 0, >0 like strcmp; an rc sorts before its release. */
int kernel_version_cmp(const struct kernel_version *a,
		       const struct kernel_version *b);
/**
 * Whether @p k contains a fix first released in @p fixed: a mainline
 * release (patch 0) is in every later version; a stable release
 * (x.y.z, z > 0) only in later patches of the same x.y branch.
 */
bool kernel_version_has_fix(const struct kernel_version *k,
			    const struct kernel_version *fixed);

#endif
