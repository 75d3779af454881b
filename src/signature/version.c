// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "signature/version.h"

static bool parse_number(const char **sp, int *ret)
{
	const char *s = *sp;
	if (!isdigit((unsigned char)*s))
		return false;
	long v = 0;
	while (isdigit((unsigned char)*s)) {
		v = v * 10 + (*s++ - '0');
		if (v > 100000)
			return false;
	}
	*ret = (int)v;
	*sp = s;
	return true;
}

bool kernel_version_parse(const char *s, struct kernel_version *ret)
{
	struct kernel_version v = { 0 };
	if (*s == 'v')
		s++;
	if (!parse_number(&s, &v.major) || *s++ != '.' ||
	    !parse_number(&s, &v.minor))
		return false;
	if (*s == '.' && isdigit((unsigned char)s[1])) {
		s++;
		parse_number(&s, &v.patch);
	}
	// 2.6.32 is a branch; 2.6.32.61 is its stable patch.
	if (v.major == 2 && v.minor == 6) {
		v.three_part = true;
		int extra = 0;
		if (*s == '.' && isdigit((unsigned char)s[1])) {
			s++;
			parse_number(&s, &extra);
		}
		v.minor = v.patch;
		v.patch = extra;
		v.major = 2;
	}
	if (strncmp(s, "-rc", 3) == 0 && isdigit((unsigned char)s[3])) {
		s += 3;
		parse_number(&s, &v.rc);
	}
	*ret = v;
	return true;
}

int kernel_version_cmp(const struct kernel_version *a,
		       const struct kernel_version *b)
{
	if (a->major != b->major)
		return a->major < b->major ? -1 : 1;
	if (a->minor != b->minor)
		return a->minor < b->minor ? -1 : 1;
	if (a->patch != b->patch)
		return a->patch < b->patch ? -1 : 1;
	// A release is newer than all its release candidates.
	int arc = a->rc ? a->rc : 1000, brc = b->rc ? b->rc : 1000;
	return arc == brc ? 0 : arc < brc ? -1 : 1;
}

bool kernel_version_has_fix(const struct kernel_version *k,
			    const struct kernel_version *fixed)
{
	if (fixed->patch == 0)
		return kernel_version_cmp(k, fixed) >= 0;
	return k->major == fixed->major && k->minor == fixed->minor &&
	       k->patch >= fixed->patch;
}
