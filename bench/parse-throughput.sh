#!/bin/sh
# Parse throughput of the oops path on one core: builds a large console
# log from the real corpus with noise between reports, then times
# 'pagerace analyze -q' on it and prints MB/s, reports/s and peak RSS.
#
#   bench/parse-throughput.sh [SIZE_MB] [PAGERACE]
#
# Peak RSS is measured at two input sizes to show whether memory grows
# with the input (it must not: the parser streams).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
size_mb=${1:-300}
pagerace=${2:-$top/build/pagerace}
out=${BENCH_DIR:-$top/bench/out}
mkdir -p "$out"
export PAGERACE_SIGNATURES=$top/signatures

# One unit: every corpus log, each followed by ~2 KB of ordinary console
# noise (the kind of lines that sit between oopses on a real serial log).
unit=$out/unit.log
: >"$unit"
n=0
for log in "$top"/corpus/oops/*.log; do
	cat "$log" >>"$unit"
	i=0
	while [ $i -lt 20 ]; do
		printf '[%5d.%06d] systemd-journald[312]: Received client request to flush runtime journal.\n' $n $i >>"$unit"
		i=$((i + 1))
	done
	n=$((n + 1))
done
unit_reports=$("$pagerace" analyze -q "$unit" | wc -l)
unit_bytes=$(wc -c <"$unit")

make_log() { # bytes -> file
	reps=$(($1 / unit_bytes + 1))
	i=0
	while [ $i -lt $reps ]; do cat "$unit"; i=$((i + 1)); done >"$2"
	echo $reps
}

# Prints wall-clock and CPU (user+sys) figures: on a shared machine the
# CPU figure is the one that measures pagerace.
measure() { # file reps
	/usr/bin/time -f '%e %U %S %M' -o "$out/time" taskset -c 0 "$pagerace" analyze -q "$1" >/dev/null || true
	read -r secs user sys rss_kb <"$out/time"
	bytes=$(wc -c <"$1")
	reports=$(($2 * unit_reports))
	awk -v b="$bytes" -v s="$secs" -v c="$user + $sys" -v r="$reports" -v rss="$rss_kb" 'BEGIN {
		split(c, parts, " + "); cpu = parts[1] + parts[2]
		if (s < 0.01) s = 0.01
		if (cpu < 0.01) cpu = 0.01
		printf "%8.1f MB  wall %6.2f s %6.1f MB/s  cpu %6.2f s %6.1f MB/s %7.0f reports/s  peak RSS %5.1f MB\n",
			b / 1e6, s, b / 1e6 / s, cpu, b / 1e6 / cpu, r / cpu, rss / 1024 }'
}

echo "pagerace $("$pagerace" --version | cut -d' ' -f2), $unit_reports reports per $(($unit_bytes / 1024)) KB unit"
small=$out/small.log
big=$out/big.log
reps=$(make_log $((size_mb * 1000000 / 10)) "$small")
measure "$small" "$reps"
reps=$(make_log $((size_mb * 1000000)) "$big")
measure "$big" "$reps"
rm -f "$small" "$big"
