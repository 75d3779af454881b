#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make-root.sh - the build root of one kernel series for the vmcore corpus.
#
# A debootstrap root of a Debian suite holding everything a corpus of that
# suite's cloud kernel needs: the kernel's headers and the compiler it was
# built with (linux-headers-*, which depends on both), QEMU, makedumpfile,
# kexec-tools, busybox-static, cpio, the suite's python3-drgn and crash
# (the peers bench/vmcore-peers.sh measures), all as packages of the ROOT.
# The kernel image and the -dbg vmlinux are fetched with apt-get download
# inside the root and unpacked under /opt/kernel of the root (from -dbg
# only the vmlinux and the pvpanic modules' debug files: the rest is
# gigabytes of module debug info).  The host only runs
# debootstrap and chroot: nothing reaches its /boot, /lib/modules, kexec
# settings or dpkg database.
#
# usage: make-root.sh SUITE ROOTDIR [MIRROR]
#   SUITE    bookworm, trixie or sid
#   ROOTDIR  where the root goes; ROOTDIR/.complete marks a finished root
#   MIRROR   Debian mirror (default $PAGERACE_DEBIAN_MIRROR, else the
#            first http(s) "debian" URI of the host's apt sources)
# A complete root is kept as it is, but gets the peer tools ($TOOLS) it
# lacks.  Prints nothing on success but progress lines on stderr; exits 1
# with a message naming the step that failed.
set -euo pipefail

die() { echo "make-root: ERROR: $*" >&2; exit 1; }
log() { echo "make-root: $*" >&2; }

[ $# -ge 2 ] || die "usage: make-root.sh SUITE ROOTDIR [MIRROR]"
SUITE=$1
R=$2
MIRROR=${3:-${PAGERACE_DEBIAN_MIRROR:-}}
case "$SUITE" in bookworm|trixie|sid) ;; *) die "unknown suite '$SUITE' (bookworm, trixie, sid)" ;; esac
[ "$(id -u)" = 0 ] || die "debootstrap and chroot need root"
command -v debootstrap >/dev/null || die "debootstrap is not installed (scripts/install-deps.sh)"

if [ -z "$MIRROR" ]; then
	MIRROR=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
		grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -n 1 | tr -d ' ') || true
	[ -n "$MIRROR" ] || MIRROR=http://deb.debian.org/debian
fi
MIRROR=${MIRROR%/}
SECURITY=${PAGERACE_DEBIAN_SECURITY:-${MIRROR%/debian}/debian-security}

inroot() { chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"; }
# Peer tools the benchmarks run on the root's dumps (bench/vmcore-peers.sh):
# not part of the corpus key (opt/kernel/versions), so a root made before
# they were listed gets them added without any dump being remade.
TOOLS="crash"
add_tools() {
	local missing="" p
	for p in $TOOLS; do
		inroot dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
	done
	[ -n "$missing" ] || return 0
	log "$SUITE: adding${missing} to the root"
	# shellcheck disable=SC2086
	{ inroot apt-get update -q && inroot apt-get install -y -q $missing; } >> "$R/.apt.log" 2>&1 ||
		{ tail -n 20 "$R/.apt.log" >&2; die "apt-get install${missing} in the $SUITE root failed (log: $R/.apt.log)"; }
	rm -rf "$R/var/cache/apt/archives"/*.deb
}
if [ -e "$R/.complete" ]; then
	add_tools
	log "$R is complete"
	exit 0
fi
T0=$(date +%s)
# a root whose debootstrap finished is kept: the steps below are redone
if [ ! -e "$R/.debootstrapped" ]; then
	rm -rf "$R"
	mkdir -p "$(dirname "$R")"
	log "debootstrap $SUITE from $MIRROR into $R"
	debootstrap --variant=minbase --components=main "$SUITE" "$R" "$MIRROR" > "$R.debootstrap.log" 2>&1 ||
		{ tail -n 20 "$R.debootstrap.log" >&2; die "debootstrap $SUITE failed (log: $R.debootstrap.log)"; }
	rm -f "$R.debootstrap.log"
	touch "$R/.debootstrapped"
fi

# the suite's updates and security pockets: the kernel moves there
{
	echo "deb $MIRROR $SUITE main"
	if [ "$SUITE" != sid ]; then
		echo "deb $MIRROR $SUITE-updates main"
		echo "deb $SECURITY $SUITE-security main"
	fi
} > "$R/etc/apt/sources.list"
# no daemon ever starts in the root
printf '#!/bin/sh\nexit 101\n' > "$R/usr/sbin/policy-rc.d"
chmod 755 "$R/usr/sbin/policy-rc.d"
# mirrors that serve a snapshot of a suite (sid's Release expires within a
# week) need Check-Valid-Until off, as the host's apt may have it
printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\nAcquire::Check-Valid-Until "false";\n' > "$R/etc/apt/apt.conf.d/90pagerace"

inroot apt-get update -q > "$R/.apt.log" 2>&1 || { tail "$R/.apt.log" >&2; die "apt-get update in the $SUITE root failed"; }

# The kernel release: what the cloud metapackage depends on, never hard-coded.
KVER=$(inroot apt-cache depends linux-image-cloud-amd64 | sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*-cloud-amd64\)\( .*\)\{0,1\}$/\1/p' | head -n 1)
[ -n "$KVER" ] || die "cannot resolve the kernel release of linux-image-cloud-amd64 in $SUITE"
IMG=linux-image-$KVER
[ -n "$(inroot apt-cache show "$IMG" 2>/dev/null | head -n 1)" ] || IMG=linux-image-$KVER-unsigned
DBG=linux-image-$KVER-dbg
# 7.x splits the image: vmlinuz and modules are in packages it depends on
# (linux-binary-REL, linux-base-REL); take every dependency named for REL
IMGS="$IMG $(inroot apt-cache depends "$IMG" | sed -n "s/^ *Depends: \(linux-[a-z]*-$KVER\)\$/\1/p" | tr '\n' ' ')"
log "$SUITE: kernel $KVER ($IMGS, $DBG)"

PKGS="linux-headers-$KVER make qemu-system-x86 makedumpfile kexec-tools busybox-static cpio
kmod python3 python3-drgn xz-utils zstd binutils $TOOLS"
# shellcheck disable=SC2086
inroot apt-get install -y -q $PKGS >> "$R/.apt.log" 2>&1 ||
	{ tail -n 20 "$R/.apt.log" >&2; die "apt-get install in the $SUITE root failed (log: $R/.apt.log)"; }

rm -rf "$R/opt/kernel"
mkdir -p "$R/opt/kernel/debs"
chroot "$R" sh -c "cd /opt/kernel/debs && apt-get download -q $IMGS $DBG" >> "$R/.apt.log" 2>&1 ||
	{ tail -n 20 "$R/.apt.log" >&2; die "apt-get download $IMGS $DBG failed"; }
K=$R/opt/kernel
for p in $IMGS; do
	dpkg-deb -x "$K"/debs/"$p"_*.deb "$K/image" || die "cannot unpack $p"
done
# 7.x keeps the kernel as (usr/)lib/modules/REL/vmlinuz
for z in usr/lib/modules/$KVER/vmlinuz lib/modules/$KVER/vmlinuz; do
	if [ ! -e "$K/image/boot/vmlinuz-$KVER" ] && [ -r "$K/image/$z" ]; then
		mkdir -p "$K/image/boot" && ln -s "../$z" "$K/image/boot/vmlinuz-$KVER"
	fi
done
[ -r "$K/image/boot/vmlinuz-$KVER" ] || die "$IMGS hold no vmlinuz of $KVER"
# modules in lib/modules (bookworm) or usr/lib/modules (merged /usr)
base=/opt/kernel/image
[ -d "$K/image/lib/modules/$KVER" ] || base=/opt/kernel/image/usr
[ -d "$R$base/lib/modules/$KVER" ] || die "$IMG has no lib/modules/$KVER"
inroot depmod -b "$base" "$KVER" || die "depmod failed"

# Only the vmlinux and a few modules' debug files from -dbg; in the 7.x
# packages boot/vmlinux-REL is a symlink to lib/modules/REL/vmlinux.
log "extracting vmlinux-$KVER from $DBG"
mkdir -p "$K/dbg"
dpkg-deb --fsys-tarfile "$K"/debs/"$DBG"_*.deb |
	tar -x -C "$K/dbg" --wildcards --no-wildcards-match-slash \
		"./usr/lib/debug/boot/vmlinux-$KVER" \
		"./usr/lib/debug/lib/modules/$KVER/vmlinux" \
		"./usr/lib/debug/lib/modules/$KVER/kernel/drivers/misc/pvpanic/*" \
		"./usr/lib/debug/lib/modules/$KVER/kernel/drivers/firmware/qemu_fw_cfg.ko" 2>"$K/dbg.err" || true
v=$K/dbg/usr/lib/debug/boot/vmlinux-$KVER
if [ -L "$v" ]; then
	v=$(cd "$(dirname "$v")" && realpath -m "$(readlink "$v")")
fi
[ -f "$v" ] || { cat "$K/dbg.err" >&2; die "$DBG holds no vmlinux-$KVER"; }
mv "$v" "$K/vmlinux-$KVER"
ln -sfn "vmlinux-$KVER" "$K/vmlinux"
mkdir -p "$K/module-debug"
find "$K/dbg" -name '*.ko' -exec mv {} "$K/module-debug/" \;
rm -rf "$K/dbg" "$K/dbg.err" "$K/debs"

# what the root holds, for the corpus cache key
{
	echo "suite $SUITE"
	echo "kernel $KVER"
	chroot "$R" dpkg-query -W -f='${Package} ${Version}\n' "linux-headers-$KVER" 'gcc-[0-9]*' make \
		qemu-system-x86 makedumpfile kexec-tools busybox-static python3-drgn 2>/dev/null | awk 'NF == 2' || true
	inroot apt-cache policy "$IMG" "$DBG" | awk '/^[^ ]/{p=$1} /Candidate:/{print p, $2}'
} > "$R/opt/kernel/versions"
echo "$KVER" > "$R/opt/kernel/release"
rm -rf "$R/var/cache/apt/archives"/*.deb
touch "$R/.complete"
log "$SUITE root ready in $(( $(date +%s) - T0 )) s: $(du -sm "$R" | cut -f1) MB"
