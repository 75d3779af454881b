#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# in-root.sh - run a command inside a corpus build root (make-root.sh).
#
# usage: in-root.sh ROOT [--bind DIR]... [--] COMMAND [ARG]...
#
# The command runs chrooted into ROOT, in a private mount namespace
# (unshare -m): /proc, /dev and every --bind DIR (at the same path as on
# the host, so file names need no translation) are mounted there and vanish
# with the namespace when the command ends; nothing is mounted on the host.
# Needs root.  The exit status is the command's.
set -euo pipefail

die() { echo "in-root: ERROR: $*" >&2; exit 125; }
[ $# -ge 2 ] || die "usage: in-root.sh ROOT [--bind DIR]... [--] COMMAND..."
ROOT=$(cd "$1" && pwd -P) || die "no root $1"
shift
[ -e "$ROOT/.complete" ] || die "$ROOT is not a finished corpus root (make-root.sh)"
[ "$(id -u)" = 0 ] || die "chroot needs root"
BINDS=()
while [ $# -gt 0 ]; do
	case "$1" in
	--bind) BINDS+=("$(cd "${2:?--bind needs a directory}" && pwd -P)") || die "no directory $2"; shift 2 ;;
	--) shift; break ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || die "no command"

if [ "${PAGERACE_IN_ROOT_NS:-}" != "$ROOT" ]; then
	# re-run ourselves in a new mount namespace, all mounts private to it
	args=()
	for b in "${BINDS[@]}"; do args+=(--bind "$b"); done
	PAGERACE_IN_ROOT_NS=$ROOT exec unshare --mount --propagation private -- \
		bash "$0" "$ROOT" "${args[@]}" -- "$@"
fi
mount -t proc proc "$ROOT/proc"
mount --rbind /dev "$ROOT/dev"
for b in "${BINDS[@]}"; do
	case "$b" in "$ROOT"|"$ROOT"/*) continue ;; esac	# already inside
	mkdir -p "$ROOT$b"
	mount --bind "$b" "$ROOT$b"
done
exec chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
	${PAGERACE_VMCORE_TIMEOUT:+PAGERACE_VMCORE_TIMEOUT=$PAGERACE_VMCORE_TIMEOUT} \
	${PAGERACE_VMCORE_KEEP_FAILED:+PAGERACE_VMCORE_KEEP_FAILED=$PAGERACE_VMCORE_KEEP_FAILED} \
	${PAGERACE_VMCORE_ADOPT:+PAGERACE_VMCORE_ADOPT=$PAGERACE_VMCORE_ADOPT} \
	${PAGERACE_VMCORE_CRASHKERNEL:+PAGERACE_VMCORE_CRASHKERNEL=$PAGERACE_VMCORE_CRASHKERNEL} \
	${PAGERACE_VMCORE_QEMU_MEM:+PAGERACE_VMCORE_QEMU_MEM=$PAGERACE_VMCORE_QEMU_MEM} \
	"$@"
