// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Function families (data/function-families.txt): the names one role of a
 * race has had across kernel versions, so that a rule written as
 * "@truncate-inode-page" matches truncate_inode_page on 5.x and
 * truncate_inode_folio on 6.x.
 */
#ifndef PGR_FAMILY_H
#define PGR_FAMILY_H

#include <stdbool.h>
#include <stddef.h>

struct function_family_member {
	const char *family;
	const char *function;
	/** First mainline release with the name; NULL: before git history. */
	const char *from;
	/** First mainline release without it; NULL: still present. */
	const char *until;
};

/** Whether @p family names a family of the table. */
bool function_family_known(const char *family);

/**
 * Whether function @p name matches @p pattern: a family reference
 * ("@truncate-inode-page") matches its members, anything else only
 * itself.
 */
bool function_pattern_matches(const char *pattern, const char *name);

/** The member rows of @p family, in table order; returns how many. */
size_t function_family_members(const char *family,
			       const struct function_family_member **first);

#endif
