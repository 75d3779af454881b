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
	clang makedumpfile binutils
	slurm-wlm munge"
# Daemons that tests/run-scaleout.sh starts itself, as its own processes
# with its own configuration on loopback; the packages would otherwise
# start them and enable them at boot.
daemons="munge slurmctld slurmd"
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
# Which daemons this run installs: only those are kept from starting and
# then disabled; a host that already runs one keeps it as it was.
new_daemons=""
for d in $daemons; do
	[ -e "/etc/init.d/$d" ] || new_daemons="$new_daemons $d"
done
# While packages are configured, policy-rc.d (invoke-rc.d(8)) denies every
# start; one the host already has is left in place.
policy=/usr/sbin/policy-rc.d
own_policy=""
if [ -n "$new_daemons" ] && [ ! -e "$policy" ]; then
	trap 'rm -f "$policy"' EXIT
	printf '#!/bin/sh\n# scripts/install-deps.sh: no daemon starts while it installs\nexit 101\n' >"$policy"
	chmod 755 "$policy"
	own_policy=1
fi
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
[ -n "$own_policy" ] && rm -f "$policy"
for d in $new_daemons; do
	[ -e "/etc/init.d/$d" ] || continue
	update-rc.d "$d" disable >/dev/null 2>&1 || true
	if command -v deb-systemd-helper >/dev/null 2>&1; then
		deb-systemd-helper disable "$d.service" >/dev/null 2>&1 || true
	fi
	echo "install-deps: $d installed, not started and disabled at boot (the tests run their own)"
done
