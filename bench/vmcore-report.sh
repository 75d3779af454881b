#!/bin/bash
# A full vmcore report, timed side by side with the two tools people use
# for the same facts (a benchmark, not a test):
#   pagerace analyze --vmlinux V DUMP          (dmesg, oops, every task's
#                                               stack, struct page, rules)
#   drgn: dmesg + the crashed thread's stack + the victim struct page
#   crash -s: bt -a, log, kmem of the victim page (batch, -i FILE)
# Prints seconds and peak RSS (/usr/bin/time -f '%e %M', best of RUNS)
# and the ratios.  Target (issue 5): at most 1/2 of drgn, 1/5 of crash.
#
#   bench/vmcore-report.sh [DUMP [PAGERACE]]
#
# DUMP defaults to the first kdump of the corpus ($PAGERACE_VMCORE_DIR,
# else corpus/vmcore/cache/current); its ground truth (DUMP minus
# extension + .json) names the victim page.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
PY=/usr/bin/python3
RUNS=${RUNS:-3}
root=${PAGERACE_VMCORE_DIR:-$top/corpus/vmcore/cache/current}
dump=${1:-$(ls "$root"/*-kdump.kdump 2>/dev/null | head -1)}
pagerace=${2:-$top/build/pagerace}
[ -f "$dump" ] || { echo "no dump (pass one, or set PAGERACE_VMCORE_DIR)" >&2; exit 2; }
dir=$(dirname "$dump")
truth=${dump%.*}.json
vmlinux=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["vmlinux"])' "$dir/corpus.json" 2>/dev/null ||
	ls /usr/lib/debug/boot/vmlinux-* | head -1)
# The dump's own module (lustre.ko for scenario A) is named by its truth.
module=$dir/$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1])).get("module") or "pagerace_repro.ko")' "$truth" 2>/dev/null || echo pagerace_repro.ko)
page=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["guest"]["page"]["addr"])' "$truth" 2>/dev/null || echo "")
export PAGERACE_SIGNATURES=$top/signatures
out=${BENCH_DIR:-$top/bench/out}
mkdir -p "$out"

cat >"$out/drgn-report.py" <<'EOF'
import sys, drgn
from drgn.helpers.linux.printk import get_dmesg
prog = drgn.Program()
prog.set_core_dump(sys.argv[1])
try:
    prog.load_debug_info([sys.argv[2], sys.argv[3]])
except drgn.MissingDebugInfoError:
    pass
out = [get_dmesg(prog).decode(errors="replace")]
out.append(str(prog.crashed_thread().stack_trace()))
if sys.argv[4]:
    p = drgn.Object(prog, "struct page *", int(sys.argv[4], 16))
    out.append("flags %#x refcount %d mapcount %d mapping %#x index %d" % (
        p.flags.value_(), p._refcount.counter.value_(),
        p._mapcount.counter.value_(), p.mapping.value_(), p.index.value_()))
print("\n".join(out))
EOF
{
	echo "bt -a"
	echo "log"
	[ -n "$page" ] && echo "kmem $page"
	echo "quit"
} >"$out/crash-cmds"

# best "seconds peak-KB" of RUNS runs of a command
measure() {
	local best=
	for _ in $(seq "$RUNS"); do
		/usr/bin/time -f '%e %M' -o "$out/time" "$@" >"$out/last.out" 2>"$out/last.err" || true
		local t
		t=$(tail -1 "$out/time")
		if [ -z "$best" ] || awk -v a="${t% *}" -v b="${best% *}" 'BEGIN { exit !(a < b) }'; then
			best=$t
		fi
	done
	echo "$best"
}

echo "dump:    $dump ($(du -h "$dump" | cut -f1))"
echo "vmlinux: $vmlinux"
echo "page:    ${page:-none}"
p=$(measure "$pagerace" analyze --vmlinux "$vmlinux" --module-debug "$dir" "$dump")
echo "pagerace: ${p% *} s, ${p#* } KB peak RSS"
d=$(measure "$PY" "$out/drgn-report.py" "$dump" "$vmlinux" "$module" "$page")
echo "drgn:     ${d% *} s, ${d#* } KB peak RSS"
if command -v crash >/dev/null; then
	c=$(measure crash -s "$vmlinux" "$dump" -i "$out/crash-cmds")
	echo "crash:    ${c% *} s, ${c#* } KB peak RSS"
else
	c=
	echo "crash:    not installed (apt-get install crash)"
fi
awk -v p="${p% *}" -v d="${d% *}" -v c="${c% *}" 'BEGIN {
	printf "pagerace/drgn  time %.3f (target <= 0.5)\n", p / d
	if (c != "")
		printf "pagerace/crash time %.3f (target <= 0.2)\n", p / c
}'
