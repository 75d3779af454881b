#!/bin/sh
# Throughput of the oops path on one core, end to end: builds a console
# log from the real corpus (every corpus/oops log, each followed by as many
# bytes of ordinary kernel lines, so that half the log is oops text), then
# times 'pagerace analyze --format json' and 'pagerace analyze -q' on it
# and prints MB/s, reports/s and peak RSS at two sizes (size/10 and size:
# memory must not grow with the input), beside a peer on the same file:
# satyr's kernel oops parser when the Python module is installed (Debian 12
# packages no satyr: then none), else 'grep -c' as the floor no parser can
# beat.  Ratios are pagerace's CPU time against the peer's.
#
#   bench/parse-throughput.sh [SIZE_MB] [PAGERACE]
#
# Figures are CPU seconds (user + sys) of the process pinned to CPU 0: on
# a shared machine the wall clock measures the neighbours too.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
size_mb=${1:-160}
pagerace=${2:-$top/build/pagerace}
out=${BENCH_DIR:-$top/bench/out}
mkdir -p "$out"
export PAGERACE_SIGNATURES=$top/signatures
# The shipped known-bugs file, wherever the binary is.
export PAGERACE_KB=${PAGERACE_KB:-$top/data/known-bugs.kb.zst}

# Kernel lines of a quiet machine, the kind that sit between oopses on a
# serial console; written ~once per corpus byte so half the log is noise.
noise() { # seq bytes
	awk -v n="$1" -v want="$2" 'BEGIN {
		split("EXT4-fs (sda1): mounted filesystem with ordered data mode. Quota mode: none.|" \
		      "e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx|" \
		      "systemd-journald[312]: Received client request to flush runtime journal.|" \
		      "usb 1-1.2: new high-speed USB device number 4 using ehci-pci|" \
		      "audit: type=1400 audit(1700000000.123:42): apparmor=\"STATUS\" operation=\"profile_load\" name=\"lsb_release\" pid=812 comm=\"apparmor_parser\"|" \
		      "IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready|" \
		      "perf: interrupt took too long (2510 > 2500), lowering kernel.perf_event_max_sample_rate to 79500", l, "|")
		got = 0; i = 0
		while (got < want) {
			s = sprintf("[%5d.%06d] %s", n, i, l[i % 7 + 1])
			print s; got += length(s) + 1; i++
		}
	}'
}

unit=$out/unit.log
: >"$unit"
n=0
oops_bytes=0
for log in "$top"/corpus/oops/*.log; do
	cat "$log" >>"$unit"
	b=$(wc -c <"$log")
	oops_bytes=$((oops_bytes + b))
	noise $n "$b" >>"$unit"
	n=$((n + 1))
done
unit_reports=$("$pagerace" analyze -q --no-kb "$unit" | wc -l)
unit_bytes=$(wc -c <"$unit")

make_log() { # bytes file -> copies of the unit
	reps=$(($1 / unit_bytes + 1))
	i=0
	while [ $i -lt $reps ]; do
		cat "$unit"
		i=$((i + 1))
	done >"$2"
	echo $reps
}

# run NAME FILE REPORTS CMD...: one line of figures; sets $cpu.
run() {
	name=$1 file=$2 reports=$3
	shift 3
	/usr/bin/time -f '%e %U %S %M' -o "$out/time" taskset -c 0 "$@" >"$out/run.out" || true
	read -r secs user sys rss_kb <"$out/time"
	bytes=$(wc -c <"$file")
	obytes=$(wc -c <"$out/run.out")
	cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { c = u + s; if (c < 0.01) c = 0.01; print c }')
	awk -v n="$name" -v b="$bytes" -v w="$secs" -v c="$cpu" -v r="$reports" \
		-v rss="$rss_kb" -v o="$obytes" 'BEGIN {
		printf "  %-22s %7.1f MB in %6.2f s cpu (%6.2f wall) %7.1f MB/s %8.0f reports/s  out %7.1f MB  peak RSS %6.1f MB\n",
			n, b / 1e6, c, w, b / 1e6 / c, r / c, o / 1e6, rss / 1024 }'
}

ratio() { # label ours theirs
	awk -v l="$1" -v a="$2" -v b="$3" 'BEGIN { printf "  %-40s %5.2fx\n", l, b / a }'
}

# goal LABEL FILE CPU MB/S: the figure against what it should reach.
goal() {
	awk -v l="$1" -v b="$(wc -c <"$2")" -v c="$3" -v g="$4" 'BEGIN {
		r = b / 1e6 / c
		printf "  %-40s %7.1f MB/s of %d: %s\n", l, r, g,
			r >= g ? "met" : sprintf("%.2fx short", g / r) }'
}

peer_name=
if python3 -c 'import satyr' 2>/dev/null; then
	peer_name="satyr (python3-satyr, Kerneloops)"
	cat >"$out/satyr-parse.py" <<'EOF'
import sys, satyr
# satyr parses one oops at a time: split where the corpus logs begin again.
text = open(sys.argv[1], errors="replace").read()
n = 0
for chunk in text.split("\n["):
    try:
        satyr.Kerneloops(chunk)
        n += 1
    except Exception:
        pass
print(n)
EOF
	peer=satyr
else
	peer_name="grep -c 'Call Trace' (no satyr in Debian 12: the floor)"
	peer=grep
fi

echo "pagerace $("$pagerace" --version | cut -d' ' -f2): unit of $((unit_bytes / 1024)) KB," \
	"$((oops_bytes * 100 / unit_bytes))% oops text, $unit_reports reports"
echo "peer: $peer_name"
small=$out/small.log
big=$out/big.log
for which in small big; do
	if [ $which = small ]; then
		reps=$(make_log $((size_mb * 1000000 / 10)) "$small")
		file=$small
	else
		reps=$(make_log $((size_mb * 1000000)) "$big")
		file=$big
	fi
	reports=$((reps * unit_reports))
	echo "$which log:"
	run "analyze --format json" "$file" "$reports" "$pagerace" analyze --format json "$file"
	json_cpu=$cpu
	run "analyze -q" "$file" "$reports" "$pagerace" analyze -q "$file"
	q_cpu=$cpu
	if [ $peer = satyr ]; then
		run "peer: satyr" "$file" "$reports" python3 "$out/satyr-parse.py" "$file"
	else
		run "peer: grep -c" "$file" "$reports" grep -c 'Call Trace' "$file"
	fi
	peer_cpu=$cpu
	ratio "json: pagerace MB/s / peer MB/s" "$json_cpu" "$peer_cpu"
	ratio "-q:   pagerace MB/s / peer MB/s" "$q_cpu" "$peer_cpu"
	goal "json: goal (one core)" "$file" "$json_cpu" 100
	goal "-q:   goal (one core)" "$file" "$q_cpu" 300
	rm -f "$file"
done
rm -f "$out/run.out" "$out/time"
