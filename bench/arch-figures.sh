#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The distro-report figures over the architecture files of corpus/oops
# (arch-*: reports of x86_64, i386, arm64, ARM, ppc64, s390, MIPS and
# RISC-V machines): the share of expected reports that came back, and the
# share whose outermost frame (last_frame), taint flag count (taint) and
# "Modules linked in:" count (modules) agree with the hand-written
# expectation, in total and per architecture.
#
#   bench/arch-figures.sh [BUILDDIR]
set -eu
srcdir=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-.}
export PAGERACE_SIGNATURES="$srcdir/signatures"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

for expect in "$srcdir"/corpus/oops/arch-*.expect.json; do
	name=$(basename "$expect" .expect.json)
	"$build/pagerace" analyze --format=json "$srcdir/corpus/oops/$name.log" \
		>"$tmp/$name.json" 2>/dev/null || true
done
python3 "$srcdir/bench/arch-figures.py" "$srcdir/corpus/oops" "$tmp"
