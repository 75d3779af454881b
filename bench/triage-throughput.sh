#!/bin/sh
# Triage throughput (a benchmark, not a test): builds a corpus of COUNT
# console logs (default 10000) from the real corpus in corpus/oops with
# the variation real corpora have (timestamps, pids, CPU numbers,
# addresses and registers, offsets' high bits; one in twenty gzipped),
# then times "pagerace triage" on it with 1 and 2 workers and a re-run
# from the cache, and prints inputs/s, the scaling and the peak RSS of
# the largest process (parent or worker).
#
# Wall-clock figures depend on what else the machine runs, so each run
# also prints its CPU time (user+sys of the parent and its workers, and
# the parent's share from --stats), the load average before it and the
# CPU time the rest of the machine used meanwhile (other, from
# /proc/stat; steal is the hypervisor's).  On a shared machine the CPU
# figures are the ones that measure pagerace, and the scaling means
# something only when "other" is small.  Each configuration runs
# BENCH_REPEAT times (default 3); the fastest run is shown.
#
#   bench/triage-throughput.sh [COUNT] [PAGERACE]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-10000}
pagerace=${2:-$top/build/pagerace}
out=${BENCH_DIR:-$top/bench/out}/triage
export PAGERACE_SIGNATURES=$top/signatures
rm -rf "$out"
mkdir -p "$out/corpus"

/usr/bin/python3 - "$top/corpus/oops" "$out/corpus" "$count" <<'PY'
import gzip, os, random, re, sys
src, dst, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
logs = sorted(os.path.join(src, f) for f in os.listdir(src) if f.endswith(".log"))
texts = [open(f, encoding="utf-8", errors="replace").read() for f in logs]
rng = random.Random(42)
hex16 = re.compile(r"\b(ffff[0-9a-f]{12})\b")
def vary(t):
    base = rng.uniform(10, 500000)
    t = re.sub(r"\[\s*\d+\.\d+\]", lambda m: "[%12.6f]" % (base + rng.uniform(0, 2)), t)
    t = re.sub(r"(PID: |pid[:= ]|Pid: )(\d+)", lambda m: m.group(1) + str(rng.randint(2, 4194304)), t)
    t = re.sub(r"(CPU: )(\d+)", lambda m: m.group(1) + str(rng.randint(0, 127)), t)
    t = hex16.sub(lambda m: m.group(1)[:10] + "%06x" % rng.getrandbits(24), t)
    # Another build of the same kernel: offsets move, names do not.
    t = re.sub(r"\+0x([0-9a-f]+)/0x([0-9a-f]+)",
               lambda m: "+0x%x/0x%x" % (int(m.group(1), 16) + 16 * rng.randint(0, 3),
                                         int(m.group(2), 16) + 64), t)
    return t
for i in range(count):
    d = os.path.join(dst, "%02d" % (i % 100))
    os.makedirs(d, exist_ok=True)
    text = vary(texts[i % len(texts)])
    name = os.path.join(d, "crash-%05d.log" % i)
    if i % 20 == 19:
        with gzip.open(name + ".gz", "wt") as f:
            f.write(text)
    else:
        with open(name, "w") as f:
            f.write(text)
PY

echo "pagerace $("$pagerace" --version | cut -d' ' -f2): $count logs made from $(ls "$top"/corpus/oops/*.log | wc -l) corpus logs, $(du -sm "$out/corpus" | cut -f1) MB, $(nproc) CPUs"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
repeat=${BENCH_REPEAT:-3}
cold=
hz=$(getconf CLK_TCK)
# busy and steal CPU seconds of the whole machine so far
machine_cpu() {
	awk -v hz="$hz" '/^cpu / { printf "%.2f %.2f\n", ($2 + $3 + $4 + $7 + $8 + $9) / hz, $9 / hz }' /proc/stat
}
run_once() { # args...
	if [ -n "$cold" ]; then rm -rf "$out/cache"; fi
	load=$(cut -d' ' -f1 /proc/loadavg)
	read -r busy0 steal0 <<EOF
$(machine_cpu)
EOF
	/usr/bin/time -f '%e %U %S %M' -o "$out/time" "$pagerace" triage -q --stats -o "$out/out.jsonl" \
		--summary-format=json --summary="$out/summary.json" "$@" "$out/corpus" 2>"$out/stats" || true
	read -r busy1 steal1 <<EOF
$(machine_cpu)
EOF
	read -r secs user sys rss_kb <"$out/time"
	parent=$(sed -n 's/.*CPU \([0-9.]*\) s in the parent.*/\1/p' "$out/stats")
	echo "$secs $user $sys $rss_kb ${parent:-n/a} $load $busy0 $busy1 $steal0 $steal1"
}
run() { # label args...
	label=$1
	shift
	: >"$out/runs"
	i=0
	while [ $i -lt "$repeat" ]; do
		run_once "$@" >>"$out/runs"
		i=$((i + 1))
	done
	sort -n "$out/runs" | head -1 >"$out/best"
	read -r secs user sys rss_kb parent load busy0 busy1 steal0 steal1 <"$out/best"
	reports=$(grep -c '"record"' "$out/out.jsonl" || true)
	awk -v l="$label" -v n="$count" -v s="$secs" -v u="$user" -v k="$sys" -v p="$parent" \
		-v r="$reports" -v rss="$rss_kb" -v la="$load" -v b="$busy1 - $busy0" -v st="$steal1 - $steal0" \
		-v all="$(cut -d' ' -f1 "$out/runs" | tr '\n' ' ')" 'BEGIN {
		split(b, bb, " - "); split(st, ss, " - ")
		if (s < 0.01) s = 0.01
		cpu = u + k
		if (cpu < 0.01) cpu = 0.01
		other = bb[1] - bb[2] - cpu
		if (other < 0) other = 0
		printf "%-17s wall %6.2f s %7.1f inputs/s | cpu %6.2f s (user %.2f sys %.2f, parent %s) %7.1f inputs/cpu-s | %d reports, peak RSS %.1f MB | load %s, other %.2f s, steal %.2f s | walls: %s\n",
			l, s, n / s, cpu, u, k, p, n / cpu, r, rss / 1024, la, other, ss[1] - ss[2], all }'
	echo "$secs" >"$out/secs"
}
run "-j1 (no cache)" -j1 --no-cache
j1=$(cat "$out/secs")
run "-j2 (no cache)" -j2 --no-cache
j2=$(cat "$out/secs")
cold=1
run "-j2 (cold cache)" -j2 --cache="$out/cache"
cold=
run "-j2 (warm cache)" -j2 --cache="$out/cache"
awk -v a="$j1" -v b="$j2" 'BEGIN { printf "scaling -j1 -> -j2: %.2fx (wall)\n", a / b }'
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
print("summary: %d inputs, %d failed, %d reports in %d buckets" % (s["inputs"]["total"], s["inputs"]["failed"], s["reports"], len(s["buckets"])))' "$out/summary.json"
