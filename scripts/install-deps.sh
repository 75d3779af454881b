#!/bin/sh
# Install pagerace's build and test dependencies on Debian 12, as root
# (--list prints them).
# Idempotent and non-interactive: packages already present are skipped.
set -eu
packages="build-essential autoconf automake pkg-config gawk
	libpcre2-dev libcjson-dev libdw-dev libelf-dev libkdumpfile-dev libbpf-dev
	zlib1g-dev liblzma-dev libzstd-dev
	python3 python3-jsonschema python3-drgn ca-certificates
	time file parallel xz-utils zstd
	man-db bash-completion
	debhelper dpkg-dev fakeroot lintian debootstrap
	clang makedumpfile binutils"
# --list: the declared packages, for scripts/host-unchanged.sh.
if [ "${1-}" = --list ]; then
	echo $packages
	exit 0
fi
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "install-deps: everything is installed"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing:$missing; run this script as root" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
