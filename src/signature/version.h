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
#include <stddef.h>

struct kernel_version {
	int major, minor, patch;
	/** Release candidate number; 0 for a release. */
	int rc;
	/** "2.6.32" style: the third number is the branch, not a patch. */
	bool three_part;
	/**
	 * A distribution's build ("4.18.0-305.el8", "5.15.0-91-generic",
	 * "6.1.0-18-amd64"): its number is the base it started from, and
	 * backported fixes do not change it, so by version nothing is known.
	 */
	const char *distro;
};

/** Whether a kernel has a fix commit, by version. */
enum fix_presence { FIX_ABSENT = 0, FIX_PRESENT, FIX_UNKNOWN };

/** False when @p s does not start with a version. */
bool kernel_version_parse(const char *s, struct kernel_version *ret);
/** The stable branch of @p v ("6.1", "2.6.32") into @p buf. */
void kernel_version_branch(const struct kernel_version *v, char *buf,
			   size_t size);
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

/**
 * Whether kernel @p k carries a commit first released in mainline
 * @p release and in the stable releases @p stable (one per branch), by
 * version: a kernel of a branch at or after @p release has it; an older
 * branch has it from its stable release on, and not at all when no
 * stable release of its branch is listed.  Distribution kernels give
 * FIX_UNKNOWN.  @p why (size @p size) says which release decided.
 */
enum fix_presence kernel_version_has_commit(const struct kernel_version *k,
					    const char *release,
					    char *const *stable,
					    size_t n_stable, char *why,
					    size_t size);

#endif
