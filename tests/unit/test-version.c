// SPDX-License-Identifier: GPL-2.0-or-later
#include "signature/version.h"
#include "tap.h"

static int cmp(const char *a, const char *b)
{
	struct kernel_version va, vb;
	if (!kernel_version_parse(a, &va) || !kernel_version_parse(b, &vb))
		return 99;
	int c = kernel_version_cmp(&va, &vb);
	return c < 0 ? -1 : c > 0;
}

static int has_fix(const char *kernel, const char *fixed)
{
	struct kernel_version k, f;
	if (!kernel_version_parse(kernel, &k) ||
	    !kernel_version_parse(fixed, &f))
		return -1;
	return kernel_version_has_fix(&k, &f);
}

/* has_commit() as a number: 0 absent, 1 present, 2 unknown. */
static int has_commit(const char *kernel, const char *release,
		      const char *stable1, const char *stable2)
{
	struct kernel_version k;
	char *stable[2] = { (char *)stable1, (char *)stable2 };
	char why[256];
	if (!kernel_version_parse(kernel, &k))
		return -1;
	return kernel_version_has_commit(&k, release, stable,
					 !stable1 ? 0 : !stable2 ? 1 : 2, why,
					 sizeof(why));
}

static const char *distro(const char *kernel)
{
	struct kernel_version k;
	if (!kernel_version_parse(kernel, &k))
		return "(no version)";
	return k.distro ? k.distro : "(upstream)";
}

int main(void)
{
	struct kernel_version v;
	ok(kernel_version_parse("5.10.0-rc5-syzkaller", &v) && v.major == 5 &&
		   v.minor == 10 && v.patch == 0 && v.rc == 5,
	   "parse 5.10.0-rc5-syzkaller");
	ok(kernel_version_parse("v5.16", &v) && v.major == 5 && v.minor == 16,
	   "parse v5.16");
	ok(kernel_version_parse("6.1.0-56-cloud-amd64", &v) && v.patch == 0,
	   "parse Debian 6.1.0-56-cloud-amd64");
	ok(kernel_version_parse("2.6.32-431.el6.x86_64", &v) && v.major == 2 &&
		   v.minor == 32 && v.three_part,
	   "parse 2.6.32 as a branch");
	ok(!kernel_version_parse("linux", &v), "reject a word");
	ok(!kernel_version_parse("5", &v), "reject a bare number");
	is_int(cmp("5.10-rc6", "5.10"), -1, "an rc sorts before its release");
	is_int(cmp("5.10-rc6", "5.10-rc5"), 1, "rc6 after rc5");
	is_int(cmp("5.9.12", "5.10"), -1, "5.9.12 before 5.10");
	is_int(cmp("4.16", "4.16.0"), 0, "4.16 equals 4.16.0");
	is_int(cmp("2.6.32", "3.0"), -1, "2.6.32 before 3.0");
	is_int(has_fix("5.10.0-rc5-syzkaller", "5.10-rc6"), 0,
	       "5.10-rc5 lacks a fix from 5.10-rc6");
	is_int(has_fix("5.13.0-rc1", "5.10-rc6"), 1, "5.13 has a 5.10 fix");
	is_int(has_fix("5.9.11", "5.9.12"), 0, "5.9.11 lacks a 5.9.12 fix");
	is_int(has_fix("5.9.14", "5.9.12"), 1, "5.9.14 has a 5.9.12 fix");
	is_int(has_fix("5.8.18", "5.9.12"), 0,
	       "a stable fix says nothing of another branch");
	is_int(has_fix("4.15.0-rc7", "4.16"), 0, "4.15 lacks a 4.16 fix");
	// Commit granularity: per stable branch (073861ed77b6: v5.10-rc6,
	// 5.9.12, 5.4.249; c2407cf7d22d: v5.11-rc3).
	is_int(has_commit("5.10.80", "v5.10-rc6", "5.9.12", "5.4.249"), 1,
	       "5.10.80 has a v5.10-rc6 commit");
	is_int(has_commit("5.10.0-rc5", "v5.10-rc6", "5.9.12", "5.4.249"), 0,
	       "5.10-rc5 lacks a v5.10-rc6 commit");
	is_int(has_commit("5.9.12", "v5.10-rc6", "5.9.12", "5.4.249"), 1,
	       "5.9.12 has it by stable");
	is_int(has_commit("5.9.11", "v5.10-rc6", "5.9.12", "5.4.249"), 0,
	       "5.9.11 lacks it");
	is_int(has_commit("5.4.248", "v5.10-rc6", "5.9.12", "5.4.249"), 0,
	       "5.4.248 lacks it");
	is_int(has_commit("5.8.18", "v5.10-rc6", "5.9.12", "5.4.249"), 0,
	       "5.8.y lists no stable release: lacks it");
	is_int(has_commit("5.11.0-rc1", "v5.11-rc3", NULL, NULL), 0,
	       "5.11-rc1 lacks a v5.11-rc3 commit");
	is_int(has_commit("5.11.0-rc3", "v5.11-rc3", NULL, NULL), 1,
	       "5.11-rc3 has it");
	is_int(has_commit("5.15.3", "v5.16-rc1", "5.15.3", "5.14.19"), 1,
	       "5.15.3 has a 5.15.3 backport");
	is_int(has_commit("5.15.2", "v5.16-rc1", "5.15.3", "5.14.19"), 0,
	       "5.15.2 lacks it");
	is_int(has_commit("4.18.0-305.el8.x86_64", "v4.19", NULL, NULL), 2,
	       "RHEL 8: by version unknown");
	is_int(has_commit("5.15.0-91-generic", "v5.16-rc1", "5.15.3", NULL), 2,
	       "Ubuntu 5.15.0-91-generic: by version unknown");
	is_str(distro("4.18.0-305.el8.x86_64"), "RHEL-family", "RHEL 8");
	is_str(distro("5.14.0-70.el9"), "RHEL-family", "RHEL 9");
	is_str(distro("5.15.0-91-generic"), "Ubuntu", "Ubuntu generic");
	is_str(distro("5.14.21-150400.24-default"), "SUSE", "SUSE default");
	is_str(distro("6.1.0-18-amd64"), "Debian", "Debian amd64");
	is_str(distro("6.1.76-1+deb12u1"), "Debian",
	       "Debian +deb12u1 build");
	is_str(distro("6.1.0-56-cloud-amd64"), "Debian", "Debian cloud");
	is_str(distro("5.10.0-rc5-syzkaller"), "(upstream)", "syzkaller rc");
	is_str(distro("4.11.0-rc1-xfstests-00301-g071d9acf3d1f"), "(upstream)",
	       "a local version with git describe");
	is_str(distro("5.10.0-00301-g071d9acf3d1f"), "(upstream)",
	       "git describe right after the version");
	is_str(distro("5.15.0-rc2+"), "(upstream)", "a dirty rc tree");
	return tap_done();
}
