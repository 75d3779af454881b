// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <stdio.h>
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

/*
 * What follows the version number.  Distributions append their own
 * build number right after it: RHEL "-305.el8", Ubuntu "-91-generic",
 * SUSE "-150400.24-default", Debian "-18-amd64" (and "+deb12u1" on
 * kernels built from its tree).  Upstream builds append "-rcN", a local
 * version ("-syzkaller", "-xfstests") or git describe's "-N-gHASH",
 * which leave the version exact.
 */
static const char *distro_of(const char *rest)
{
	static const struct {
		const char *needle, *name;
	} vendors[] = {
		{ ".el", "RHEL-family" }, { "-generic", "Ubuntu" },
		{ "-lowlatency", "Ubuntu" }, { "-aws", "Ubuntu or Amazon" },
		{ "-azure", "Ubuntu" }, { "-gcp", "Ubuntu" },
		{ "-oracle", "Ubuntu" }, { "-default", "SUSE" },
		{ "-azure-fde", "Ubuntu" }, { ".fc", "Fedora" },
		{ "+deb", "Debian" }, { "-amd64", "Debian" },
		{ "-arm64", "Debian" }, { "-686", "Debian" },
		{ "-cloud-", "Debian" }, { "-rt-", "Debian" },
		{ ".amzn", "Amazon Linux" }, { ".uek", "Oracle UEK" },
		{ "-pve", "Proxmox" }, { ".mga", "Mageia" },
	};
	if (*rest == '+' && strncmp(rest, "+deb", 4) == 0)
		return "Debian";
	if (*rest != '-' && *rest != '.')
		return NULL;
	for (size_t i = 0; i < sizeof(vendors) / sizeof(vendors[0]); i++) {
		if (strstr(rest, vendors[i].needle))
			return vendors[i].name;
	}
	// "-N" or "-N.M" right after the version, not git describe's
	// "-N-gHASH": a distribution's build number.
	const char *p = rest + 1;
	if (*rest == '-' && isdigit((unsigned char)*p)) {
		while (isdigit((unsigned char)*p) || *p == '.')
			p++;
		if (strncmp(p, "-g", 2) != 0 || !isxdigit((unsigned char)p[2]))
			return "a distribution";
	}
	return NULL;
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
	v.distro = distro_of(s);
	*ret = v;
	return true;
}

void kernel_version_branch(const struct kernel_version *v, char *buf,
			   size_t size)
{
	if (v->three_part)
		snprintf(buf, size, "2.6.%d", v->minor);
	else
		snprintf(buf, size, "%d.%d", v->major, v->minor);
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

enum fix_presence kernel_version_has_commit(const struct kernel_version *k,
					    const char *release,
					    char *const *stable,
					    size_t n_stable, char *why,
					    size_t size)
{
	struct kernel_version m, st;
	if (!kernel_version_parse(release, &m)) {
		snprintf(why, size, "the release %s is no version", release);
		return FIX_UNKNOWN;
	}
	if (k->distro) {
		if (k->three_part)
			snprintf(why, size,
				 "%s kernel based on 2.6.%d: backports likely",
				 k->distro, k->minor);
		else
			snprintf(why, size,
				 "%s kernel based on %d.%d: backports likely",
				 k->distro, k->major, k->minor);
		return FIX_UNKNOWN;
	}
	// The branch a release belongs to: its x.y (and rc) without the patch.
	struct kernel_version branch = *k;
	branch.patch = 0;
	if (kernel_version_cmp(&branch, &m) >= 0) {
		snprintf(why, size, "in mainline since %s", release);
		return FIX_PRESENT;
	}
	if (k->major == m.major && k->minor == m.minor) {
		snprintf(why, size, "mainline %s, after this release candidate",
			 release);
		return FIX_ABSENT;
	}
	for (size_t i = 0; i < n_stable; i++) {
		if (!kernel_version_parse(stable[i], &st) ||
		    st.major != k->major || st.minor != k->minor)
			continue;
		bool has = !k->rc && k->patch >= st.patch;
		snprintf(why, size, "%s stable %s", has ? "in" : "not yet in",
			 stable[i]);
		return has ? FIX_PRESENT : FIX_ABSENT;
	}
	if (n_stable || k->patch)
		snprintf(why, size,
			 "mainline %s; no %d.%d stable release is listed with it",
			 release, k->major, k->minor);
	else
		snprintf(why, size, "mainline %s", release);
	return FIX_ABSENT;
}
