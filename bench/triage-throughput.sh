#!/bin/sh
# Triage throughput (a benchmark, not a test): builds a corpus of COUNT
# console logs (default 10000) from the real corpus in corpus/oops with
# the variation real corpora have (timestamps, pids, CPU numbers,
# addresses and registers, offsets' high bits; one in twenty gzipped),
# then times "pagerace triage" on it with 1 and 2 workers and a re-run
# from the cache, and prints inputs/s, the scaling and the peak RSS of
# the largest process (parent or worker).
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
run() { # label args...
	label=$1
	shift
	/usr/bin/time -f '%e %M' -o "$out/time" "$pagerace" triage -q -o "$out/out.jsonl" \
		--summary-format=json --summary="$out/summary.json" "$@" "$out/corpus" || true
	read -r secs rss_kb <"$out/time"
	reports=$(grep -c '"record"' "$out/out.jsonl" || true)
	awk -v l="$label" -v n="$count" -v s="$secs" -v r="$reports" -v rss="$rss_kb" 'BEGIN {
		if (s < 0.01) s = 0.01
		printf "%-22s %7.2f s  %8.1f inputs/s  %7d reports  peak RSS %6.1f MB\n",
			l, s, n / s, r, rss / 1024 }'
	echo "$secs" >"$out/secs"
}
run "-j1 (no cache)" -j1 --no-cache
j1=$(cat "$out/secs")
run "-j2 (no cache)" -j2 --no-cache
j2=$(cat "$out/secs")
run "-j2 (cold cache)" -j2 --cache="$out/cache"
run "-j2 (warm cache)" -j2 --cache="$out/cache"
awk -v a="$j1" -v b="$j2" 'BEGIN { printf "scaling -j1 -> -j2: %.2fx\n", a / b }'
/usr/bin/python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
print("summary: %d inputs, %d failed, %d reports in %d buckets" % (s["inputs"]["total"], s["inputs"]["failed"], s["reports"], len(s["buckets"])))' "$out/summary.json"
