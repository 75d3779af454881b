#!/bin/sh
# A clean Debian 12 root in DIR (debootstrap --variant=minbase bookworm),
# for the tests that install into one: scripts/clean-root.sh DIR
#
# Made once and cached as a tarball under corpus/vmcore/cache/deb-root/
# (PAGERACE_DEB_CACHE); each call unpacks it into DIR, with the host's
# resolv.conf.  Exit 77 when debootstrap cannot reach the registry
# (PAGERACE_DEB_MIRROR, default http://deb.debian.org/debian), 1 on other
# failures.  Run as root.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
mirror=${PAGERACE_DEB_MIRROR:-http://deb.debian.org/debian}
cache=${PAGERACE_DEB_CACHE:-$top/corpus/vmcore/cache/deb-root}
PATH=$PATH:/usr/sbin:/sbin
root=$1
tarball=$cache/bookworm-minbase.tar
if [ ! -f "$tarball" ]; then
	mkdir -p "$cache" "$root"
	echo "clean-root: debootstrap --variant=minbase bookworm from $mirror (once; cached in $tarball)"
	if ! debootstrap --variant=minbase bookworm "$root" "$mirror" >"$cache/debootstrap.log" 2>&1; then
		if grep -Eq 'Failed getting release file|Temporary failure resolving|Could not resolve|Connection refused|Network is unreachable|unable to fetch' "$cache/debootstrap.log"; then
			echo "clean-root: SKIP: debootstrap cannot reach $mirror:"
			tail -3 "$cache/debootstrap.log" | sed 's/^/  /'
			exit 77
		fi
		tail -20 "$cache/debootstrap.log"
		echo "clean-root: debootstrap failed"
		exit 1
	fi
	tar -C "$root" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
else
	mkdir -p "$root"
	tar -C "$root" -xf "$tarball"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
