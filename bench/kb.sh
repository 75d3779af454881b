#!/bin/sh
# Known bugs: what the knowledge file costs to build, to store and to use.
#
#   bench/kb.sh RECORDS [SIZE_MB] [PAGERACE]
#
# RECORDS is the kernel CVE records (a vulns checkout's cve/published or a
# tarball of it).  Prints the build's CPU time and peak RSS, the file's
# size, then 'analyze -q' over a mixed console log of SIZE_MB (default
# 150: the corpus's reports and the CVE-quoted ones, between ordinary
# console lines) with and without the knowledge file, on one core, and
# the matching cost per report; finally self-recall and leave-one-out
# precision on the quoted reports and on the oops corpus (tests/kb-eval.py).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
records=$1
size_mb=${2:-150}
pagerace=${3:-$top/build/pagerace}
out=${BENCH_DIR:-$top/bench/out}
mkdir -p "$out"
export PAGERACE_SIGNATURES=$top/signatures

/usr/bin/time -f '%e %U %S %M' -o "$out/time" taskset -c 0 \
	"$pagerace" kb build "$records" -o "$out/kb.gz" 2>"$out/build.err"
read -r secs user sys rss <"$out/time"
echo "kb build: $(sed 's/^pagerace kb build: //' "$out/build.err")"
echo "kb build: wall $secs s, cpu $(echo "$user $sys" | awk '{print $1 + $2}') s, peak RSS $((rss / 1024)) MB, file $(($(wc -c <"$out/kb.gz") / 1024)) KB gzip, $(($(gzip -dc "$out/kb.gz" | wc -c) / 1024)) KB plain"

# One unit: every corpus log and 500 CVE-quoted reports, each followed by
# ordinary console lines; repeated to SIZE_MB.
unit=$out/kb-unit.log
: >"$unit"
for log in "$top"/corpus/oops/*.log; do cat "$log" >>"$unit"; done
xz -dc "$top/corpus/cve/quoted-crashes.jsonl.xz" | head -500 | "${PYTHON:-python3}" -c '
import json, sys
for i, line in enumerate(sys.stdin):
    sys.stdout.write(json.loads(line)["text"] + "\n")
    for j in range(40):
        sys.stdout.write("[%5d.%06d] systemd-journald[312]: Received client request to flush runtime journal.\n" % (i, j))
' >>"$unit"
ub=$(wc -c <"$unit")
reps=$((size_mb * 1000000 / ub + 1))
i=0
while [ $i -lt $reps ]; do cat "$unit"; i=$((i + 1)); done >"$out/kb-mixed.log"
mb=$(($(wc -c <"$out/kb-mixed.log") / 1000000))

run() { # label args...
	label=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$out/time" taskset -c 0 \
		"$pagerace" analyze -q "$@" "$out/kb-mixed.log" >"$out/q.out" || true
	read -r secs user sys rss <"$out/time"
	cpu=$(echo "$user $sys" | awk '{print $1 + $2}')
	n=$(wc -l <"$out/q.out")
	echo "$label: $mb MB, $n reports, cpu $cpu s, peak RSS $((rss / 1024)) MB"
	eval "${label}_cpu=$cpu; ${label}_n=$n"
}
run without --no-kb
run with --kb="$out/kb.gz"
awk -v a="$without_cpu" -v b="$with_cpu" -v n="$with_n" 'BEGIN {
	printf "matching: %.3f ms per report (%.1f%% of the analysis)\n", (b - a) * 1000 / n, (b - a) * 100 / a }'
"${PYTHON:-python3}" "$top/tests/kb-eval.py" "$pagerace" "$out/kb.gz" \
	"$top/corpus/cve/quoted-crashes.jsonl.xz" \
	--sources "$top/corpus/oops/SOURCES.tsv" "$top"/corpus/oops/*.log
rm -f "$out/kb-mixed.log" "$out/kb-unit.log"
