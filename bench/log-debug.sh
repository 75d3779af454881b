#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/log-debug.sh - pagerace's file:line and inline chains for the frames
# of a log (analyze --vmlinux V --module-debug DIR LOG) against the kernel's
# scripts/decode_stacktrace.sh (one nm per function, one addr2line per
# address) on the same log: a log of FRAMES frames (default 1000) made of
# the real reports of the vmcore corpus's kernel logs, repeated; for each
# kernel series of the corpus.  Prints both times, the ratio, and whether
# the lines agree frame by frame (pagerace with --printed-addresses, the
# lookup decode_stacktrace.sh does; and how many frames pagerace's default
# lookup, at the call of a return address, gives another line).
#
# usage: bench/log-debug.sh [FRAMES]
# PAGERACE (default ./pagerace), PAGERACE_VMCORE_DIR (the corpus, see
# tests/test-subr.sh), DECODE_STACKTRACE: the script, taken from a kernel
# tree: linux-headers' scripts/ or the linux-source package, e.g.
#   apt-get download linux-source-6.1 && dpkg-deb --fsys-tarfile linux-source-6.1_*.deb |
#     tar -xO ./usr/src/linux-source-6.1.tar.xz | tar -xJ linux-source-6.1/scripts/decode_stacktrace.sh
# (looked for, when unset, under the corpus's series roots and its
# tmp-kernel-source/).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
abs_srcdir=$top
: "${PAGERACE:=$top/pagerace}"
. "$top/tests/test-subr.sh"
frames_wanted=${1:-1000}

vmcore_corpora || { echo "log-debug: no vmcore corpus under $VMCORE_ROOT" >&2; exit 2; }
decode=${DECODE_STACKTRACE:-}
if [ -z "$decode" ]; then
	for f in "$VMCORE_ROOT"/*/root/usr/src/linux-headers-*/scripts/decode_stacktrace.sh \
		"$VMCORE_ROOT"/tmp-kernel-source/*/scripts/decode_stacktrace.sh \
		"$VMCORE_ROOT"/../tmp-kernel-source/*/scripts/decode_stacktrace.sh; do
		[ -f "$f" ] && { decode=$f; break; }
	done
fi
[ -n "$decode" ] && [ -f "$decode" ] || {
	echo "log-debug: no decode_stacktrace.sh (set DECODE_STACKTRACE; see the head of $0)" >&2
	exit 2
}
echo "# decode_stacktrace.sh: $decode"
echo "# pagerace: $PAGERACE"

for dir in $VMCORE_DIRS; do
	V=$(vmcore_json "$dir/corpus.json" vmlinux)
	series=$(vmcore_json "$dir/corpus.json" series)
	[ -r "$V" ] || { echo "# $series: no vmlinux $V, skipped"; continue; }
	# The reports of every dump's log, without Code: lines (the script
	# hands those to decodecode, which is no part of this comparison).
	: >"$tmpdir/reports.log"
	for dump in "$dir"/*.kdump "$dir"/*.elf; do
		[ -e "$dump" ] || continue
		"$PAGERACE" analyze --kernel-log "$dump" >"$tmpdir/k.log" 2>/dev/null || continue
		"$PAGERACE" analyze --format=json "$tmpdir/k.log" >"$tmpdir/k.json" 2>/dev/null
		"$PYTHON" - "$tmpdir/k.log" "$tmpdir/k.json" >>"$tmpdir/reports.log" <<'PY'
import json, sys
lines = open(sys.argv[1], errors="replace").read().split("\n")
for r in json.load(open(sys.argv[2]))["reports"]:
    first, last = r["lines"]
    for l in lines[first - 1:last]:
        if "Code: " not in l:
            print(l)
PY
	done
	"$PAGERACE" analyze --format=json "$tmpdir/reports.log" >"$tmpdir/r.json" 2>/dev/null
	per=$("$PYTHON" -c 'import json,sys
d=json.load(open(sys.argv[1]))
print(sum(len(r["record"]["frames"]) + bool(r["record"].get("fault")) for r in d["reports"]))' "$tmpdir/r.json")
	[ "$per" -gt 0 ] || { echo "# $series: no frames in the corpus logs"; continue; }
	: >"$tmpdir/bench.log"
	total=0
	while [ "$total" -lt "$frames_wanted" ]; do
		cat "$tmpdir/reports.log" >>"$tmpdir/bench.log"
		total=$((total + per))
	done
	lines=$(wc -l <"$tmpdir/bench.log")
	echo "# $series: $lines lines, $total frames ($per frames of real reports, repeated)"

	# Wall and CPU (user + system) seconds of each run: the machine may
	# be shared, and CPU time is what the run itself costs.
	timed() {
		local out=$1
		shift
		/usr/bin/time -f '%e %U %S' -o "$tmpdir/time" "$@" >"$out" 2>/dev/null
		awk '{ printf "%s %.3f\n", $1, $2 + $3 }' "$tmpdir/time"
	}
	read -r p_wall p_cpu < <(timed "$tmpdir/printed.json" "$PAGERACE" analyze \
		--format=json --printed-addresses --vmlinux "$V" --module-debug "$dir" \
		"$tmpdir/bench.log")
	read -r c_wall c_cpu < <(timed "$tmpdir/call.json" "$PAGERACE" analyze \
		--format=json --vmlinux "$V" --module-debug "$dir" "$tmpdir/bench.log")
	read -r d_wall d_cpu < <(timed "$tmpdir/decoded.txt" bash "$decode" "$V" auto \
		"$dir" <"$tmpdir/bench.log")
	# decode_stacktrace.sh's CPU time is mostly its children's (nm,
	# addr2line), which time(1) counts.
	printf '%s: wall / CPU seconds: pagerace --printed-addresses %s / %s, pagerace %s / %s, decode_stacktrace.sh %s / %s\n' \
		"$series" "$p_wall" "$p_cpu" "$c_wall" "$c_cpu" "$d_wall" "$d_cpu"
	awk -v s="$series" -v pw="$p_wall" -v pc="$p_cpu" -v cw="$c_wall" \
		-v cc="$c_cpu" -v dw="$d_wall" -v dc="$d_cpu" 'BEGIN {
		pw += 0.001; pc += 0.001; cw += 0.001; cc += 0.001
		printf "%s: decode_stacktrace.sh / pagerace --printed-addresses: %.0fx wall, %.0fx CPU; / pagerace: %.0fx wall, %.0fx CPU\n",
			s, dw / pw, dc / pc, dw / cw, dc / cc }'
	echo "$series: pagerace --printed-addresses vs decode_stacktrace.sh: $("$PYTHON" "$top/bench/log-debug-compare.py" "$tmpdir/decoded.txt" "$tmpdir/printed.json" "$dir")"
	cmp=$("$PYTHON" "$top/bench/log-debug-compare.py" "$tmpdir/decoded.txt" "$tmpdir/call.json" "$dir")
	echo "$series: pagerace (call lines) vs decode_stacktrace.sh: ${cmp%%$'\n'*}"
done
