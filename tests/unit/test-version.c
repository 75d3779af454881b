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
	return tap_done();
}
