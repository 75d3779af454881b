#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Make the vmcore fixtures of this directory from the real corpus
# (corpus/vmcore/make-corpus.sh): each dump cut down to the pages pagerace
# reads from it (tests/vmcore-cut.py, from an strace of pagerace's runs),
# compressed with xz, with the corpus's ground truth and what pagerace
# said of the whole dump (its kernel log and --dump-info, which the
# corpus tests check against drgn).
#
#   tests/data/vmcore/make-fixtures.sh PAGERACE SERIES-DIR
#
# SERIES-DIR: a series of the corpus cache (e.g. /work/corpus-cache/6.1),
# with root/opt/kernel/vmlinux-* and the dumps under its kernel release.
# Needs strace and xz; writes into this directory.
set -eu
pagerace=$1
series=$2
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
vmlinux=$(ls "$series"/root/opt/kernel/vmlinux-* | head -1)
release=${vmlinux##*/vmlinux-}
dumps=$series/$release
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PAGERACE_SIGNATURES="$top/signatures" PAGERACE_KB=
mkdir -p "$tmp/noroot"
label=${series##*/}
for pair in "A-kdump.kdump kdump" "A-qemu-elf.elf elf"; do
	set -- $pair
	dump=$dumps/$1
	name=$label-${1%.*}
	strace -f -s 0 -e trace=pread64,openat -o "$tmp/trace" sh -c '
		"$1" analyze --format=json --vmlinux "$2" "$3" >/dev/null 2>&1
		"$1" analyze --format=json --debug-root "$4" "$3" >/dev/null 2>&1
		"$1" analyze --kernel-log "$3" >/dev/null 2>&1
		"$1" analyze --dump-info "$3" >/dev/null 2>&1' sh \
		"$pagerace" "$vmlinux" "$dump" "$tmp/noroot"
	python3 "$top/tests/vmcore-cut.py" "$2" "$dump" "$tmp/$name" "$tmp/trace"
	xz -9 -T1 -c "$tmp/$name" >"$here/$name.$2.xz"
	"$pagerace" analyze --kernel-log "$dump" >"$here/$name.kernel-log"
	"$pagerace" analyze --dump-info --debug-root "$tmp/noroot" "$dump" |
		sed "s|$dump|DUMP|; s|$tmp/noroot|NOROOT|g" >"$here/$name.dump-info"
	cp "$dumps/${1%.*}.json" "$here/$name.truth.json"
done
