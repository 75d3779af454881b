#!/bin/sh
# How well the oops parser reads crash reports as people paste them: the
# 4,338 reports quoted in kernel CVE records (corpus/cve), indented,
# mail-wrapped and abridged by the fixes' authors.  Each record's text is
# one input; prints the share of inputs with at least one report, with at
# least one frame, and the share of the frame-shaped "func+0xOFF/0xLEN"
# tokens of the texts that came back as frames (or fault sites).
#
#   bench/parse-cve.sh [PAGERACE]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
pagerace=${1:-$top/build/pagerace}
out=${BENCH_DIR:-$top/bench/out}/cve
rm -rf "$out"
mkdir -p "$out/in"
export PAGERACE_SIGNATURES=$top/signatures

xz -dc "$top/corpus/cve/quoted-crashes.jsonl.xz" | python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    with open(sys.argv[1] + "/" + r["id"] + ".log", "w") as f:
        f.write(r["text"] + "\n")
' "$out/in"

# One process for all inputs: the figure is about parsing, not start-up.
(cd "$out/in" && ls) | sed "s|^|$out/in/|" >"$out/list"
xargs "$pagerace" analyze --format=json <"$out/list" >"$out/analyze.json" 2>"$out/err" || true

python3 - "$out/in" "$out/analyze.json" <<'PY'
import json, os, re, sys
indir, path = sys.argv[1:3]
token = re.compile(r"[A-Za-z_.$][\w.$]*\+0x[0-9a-f]+/0x[0-9a-f]+")
by_input = {}
# xargs may run several processes: one JSON document each.
data, pos, dec = open(path).read(), 0, json.JSONDecoder()
while pos < len(data):
    doc, pos = dec.raw_decode(data, pos)
    while pos < len(data) and data[pos].isspace():
        pos += 1
    for rep in doc["reports"]:
        by_input.setdefault(os.path.basename(rep["input"]), []).append(rep["record"])
n = with_report = with_frame = 0
tokens = found = 0
for name in sorted(os.listdir(indir)):
    n += 1
    recs = by_input.get(name, [])
    with_report += bool(recs)
    with_frame += any(r["frames"] for r in recs)
    text = open(os.path.join(indir, name), errors="replace").read()
    want = {m.group(0).split("+")[0] for m in token.finditer(text)}
    got = set()
    for r in recs:
        frames = list(r["frames"])
        if r["fault"]:
            frames.append(r["fault"])
        for t in r["tasks"]:
            frames += t["frames"]
        got |= {f["function"] for f in frames}
    tokens += len(want)
    found += len(want & got)
pct = lambda a, b: 100.0 * a / b if b else 0.0
print(f"{n} quoted reports: {pct(with_report, n):.1f}% with a report, "
      f"{pct(with_frame, n):.1f}% with >=1 frame; "
      f"{pct(found, tokens):.1f}% of {tokens} func+0x/0x names found as frames")
PY
