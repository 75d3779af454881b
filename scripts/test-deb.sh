#!/bin/sh
# The Debian package: build it with dpkg-buildpackage from a copy of the
# source tree, run lintian (no errors allowed), and install it with apt in
# a clean Debian 12 root (debootstrap --variant=minbase), where the
# installed pagerace must analyse a corpus log with its installed rules.
#
#   scripts/test-deb.sh [OUTDIR]
#
# OUTDIR (default: a temporary directory) receives the .deb and the logs.
# The clean root comes from scripts/clean-root.sh (made once, cached);
# each run unpacks it into a temporary directory and removes it.  Exit 0 passed, 1 failed,
# 77 skipped (debootstrap cannot reach the package registry).  Run as
# root (debootstrap, chroot).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
mirror=${PAGERACE_DEB_MIRROR:-http://deb.debian.org/debian}
PATH=$PATH:/usr/sbin:/sbin
work=$(mktemp -d "${TMPDIR:-/tmp}/pagerace-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
out=${1:-$work/out}
mkdir -p "$out"
say() { echo "test-deb: $*"; }
fail() { say "FAILED: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "run as root (debootstrap and chroot)"
version=$(sed -n '1s/^pagerace (\([^)]*\)).*/\1/p' "$top/debian/changelog")

# 1. Build from a copy: dpkg-buildpackage writes its results next to the
# source directory, which must not be outside the project.
src=$work/pagerace-$version
sh "$top/scripts/copy-tree.sh" "$src"
say "building pagerace $version with dpkg-buildpackage -us -uc -b"
if ! (cd "$src" && dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1; then
	tail -30 "$out/build.log"
	fail "dpkg-buildpackage failed (log: $out/build.log)"
fi
deb=$(ls "$work"/pagerace_"$version"_*.deb)
cp "$deb" "$work"/pagerace_"$version"_*.changes "$work"/pagerace_"$version"_*.buildinfo "$out/"
say "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

# 2. lintian: errors fail; the warnings left are explained in
# debian/README.source.
if ! lintian --fail-on error --info "$work"/pagerace_"$version"_*.changes >"$out/lintian.log" 2>&1; then
	grep -q '^E:' "$out/lintian.log" || { tail -5 "$out/lintian.log"; fail "lintian did not run"; }
	grep '^E:' "$out/lintian.log"
	fail "lintian reports errors"
fi
say "lintian: $(grep -c '^E:' "$out/lintian.log") errors, $(grep -c '^W:' "$out/lintian.log") warnings, $(grep -c '^I:' "$out/lintian.log") info"
grep -E '^[EW]:' "$out/lintian.log" | sed 's/^/  /' || true

# 3. A clean Debian 12 root (scripts/clean-root.sh, cached).
root=$work/root
rc=0
sh "$top/scripts/clean-root.sh" "$root" || rc=$?
[ "$rc" -eq 77 ] && exit 77
[ "$rc" -eq 0 ] || fail "no clean root"
cp "$deb" "$root/tmp/"
cp "$top/corpus/oops/b-healer-truncate_inode_page-pagetail.log" "$root/tmp/"

# 4. apt installs the package and what it depends on, from the registry.
say "apt install ./$(basename "$deb") in the clean root"
if ! chroot "$root" sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends /tmp/$(basename "$deb")" \
		>"$out/install.log" 2>&1; then
	if grep -Eq 'Temporary failure resolving|Could not resolve|Network is unreachable' "$out/install.log"; then
		say "SKIP: apt in the clean root cannot reach $mirror"
		exit 77
	fi
	tail -20 "$out/install.log"
	fail "apt install of the package failed"
fi

# 5. The installed tool works with its installed rules, man pages and
# completion, without PAGERACE_SIGNATURES.
rc=0
chroot "$root" env -i PATH=/usr/bin:/bin pagerace analyze -q \
	/tmp/b-healer-truncate_inode_page-pagetail.log >"$out/analyze.out" 2>&1 || rc=$?
cat "$out/analyze.out"
[ "$rc" -eq 0 ] || fail "pagerace analyze exited $rc in the clean root"
grep -q '	thp-truncate-tail-page	' "$out/analyze.out" ||
	fail "pagerace analyze did not name thp-truncate-tail-page"
for f in /usr/bin/pagerace /usr/share/man/man1/pagerace.1.gz \
	/usr/share/man/man5/pagerace-signatures.5.gz \
	/usr/share/bash-completion/completions/pagerace \
	/usr/share/pagerace/thp-truncate-tail-page.json; do
	[ -e "$root$f" ] || fail "the package does not install $f"
done
say "passed: the package installs on a clean Debian 12 root and analyses a log"
