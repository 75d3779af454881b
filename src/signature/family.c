// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "signature/family.h"

static const struct function_family_member members[] = {
#include "function_families.inc"
};

enum { MEMBER_COUNT = sizeof(members) / sizeof(members[0]) };

/* The table lists each family's rows together, as the data file does. */
size_t function_family_members(const char *family,
			       const struct function_family_member **first)
{
	size_t i = 0, n = 0;
	// The first byte rules out most rows without a call.
	while (i < MEMBER_COUNT && (members[i].family[0] != family[0] ||
				    strcmp(members[i].family, family) != 0))
		i++;
	*first = i < MEMBER_COUNT ? &members[i] : NULL;
	while (i + n < MEMBER_COUNT &&
	       strcmp(members[i + n].family, family) == 0)
		n++;
	return n;
}

bool function_family_known(const char *family)
{
	const struct function_family_member *first;
	return function_family_members(family, &first) > 0;
}

bool function_pattern_matches(const char *pattern, const char *name)
{
	if (!name)
		return false;
	if (pattern[0] != '@')
		return pattern[0] == name[0] && strcmp(pattern, name) == 0;
	const struct function_family_member *m;
	size_t n = function_family_members(pattern + 1, &m);
	for (size_t i = 0; i < n; i++) {
		if (m[i].function[0] == name[0] &&
		    strcmp(m[i].function, name) == 0)
			return true;
	}
	return false;
}
