#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# No verdict from nothing: inputs whose evidence is destroyed name no race.
# A log whose crash kind is unknown (its header lines removed), a report
# cut before its trace, a required regex that hit PCRE2's match limit, and
# (with the vmcore corpus) a dump whose kernel log is gone: none gives a
# race verdict (confirmed, likely or possible).
# The engine's evidence floor decides the first cases; the match-limit
# case, that the regex condition fails when its limit is hit.
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

LOG=$CORPUS/b-healer-truncate_inode_page-pagetail.log

# no_verdict NAME JSON [TODO]: the best verdict of every report is none.
no_verdict() {
	if "$PYTHON" - "$2" >"$tmpdir/why" 2>&1 <<'PY'
import json, sys
reports = json.load(open(sys.argv[1]))["reports"]
bad = [(r["record"]["title"], r["verdict"], r["signature"]) for r in reports
       if r["verdict"] in ("confirmed", "likely", "possible")]
assert not bad, bad
PY
	then
		echo "ok $((tap_n + 1)) - $1${3:+ $3}"
	else
		echo "not ok $((tap_n + 1)) - $1${3:+ $3}"
		sed 's/^/# /' "$tmpdir/why" | tail -3
		[ -n "${3:-}" ] || tap_failed=$((tap_failed + 1))
	fi
	tap_n=$((tap_n + 1))
}

# The intact report is confirmed: the damage below is what takes it away.
run_pagerace analyze --format=json "$LOG"
check "intact report: a confirmed verdict" "$PYTHON" -c 'import json, sys
assert json.load(open(sys.argv[1]))["reports"][0]["verdict"] == "confirmed"' "$tmpdir/out"

# The crash kind destroyed: the lines before the trace (cut here, the BUG
# line, the registers) removed.
start=$(grep -n '^Call Trace:' "$LOG" | head -1 | cut -d: -f1)
tail -n +"$start" "$LOG" >"$tmpdir/nokind.log"
run_pagerace analyze --format=json "$tmpdir/nokind.log"
no_verdict "a log whose crash kind is unknown: no race verdict" "$tmpdir/out"

# Cut before its trace, right after its first line ("kernel BUG at").
head -n "$(grep -n 'kernel BUG at' "$LOG" | head -1 | cut -d: -f1)" "$LOG" >"$tmpdir/notrace.log"
run_pagerace analyze --format=json "$tmpdir/notrace.log"
no_verdict "a report cut before its trace: no race verdict" "$tmpdir/out"

# A regex that hits PCRE2's match limit on a long line, the rule's only
# evidence beyond the kind and fault site (which alone give no verdict:
# the evidence floor): the rule names no race, its condition says why,
# and the engine stays fast.
mkdir "$tmpdir/rules"
cat >"$tmpdir/rules/limit-rule.json" <<'JSON'
{
  "format": 1,
  "id": "limit-rule",
  "title": "A rule whose required regex backtracks catastrophically",
  "subsystem": "test",
  "fix": { "commits": [], "change": "nothing" },
  "references": ["tests/run-damage.sh"],
  "root_cause": "none: a fixture",
  "race": {
    "actors": [
      { "name": "A", "role": "crashes", "crashed": true },
      { "name": "B", "role": "other", "task": { "frames_any": ["kswapd"] } }
    ],
    "steps": [ { "actor": "A", "does": "crashes" } ]
  },
  "required": [
    { "kind": ["bug"] },
    { "fault_function": ["truncate_inode_page"] }
  ],
  "supporting": [
    { "message": "(a+)+$", "weight": 3, "why": "the only evidence beyond kind and site" }
  ]
}
JSON
{
	head -n $((start - 1)) "$LOG"
	printf 'comm: %s!\n' "$(head -c 3000 /dev/zero | tr '\0' a)"
	tail -n +"$start" "$LOG"
} >"$tmpdir/limit.log"
s0=$(date +%s)
run_pagerace analyze --all --format=json -s "$tmpdir/rules" "$tmpdir/limit.log"
s1=$(date +%s)
no_verdict "a regex at PCRE2's match limit: no race verdict" "$tmpdir/out"
check "match limit: the condition says the limit failed it" "$PYTHON" -c 'import json, sys
v = json.load(open(sys.argv[1]))["reports"][0]["verdicts"][0]
c = [c for c in v["conditions"] if c["type"] == "message"][0]
assert c["outcome"] == "failed" and "match limit" in c["fact"], c' "$tmpdir/out"
tap_result $((s1 - s0 > 10)) "match limit: the analysis took $((s1 - s0)) s (under 10)"

# A dump whose kernel log is destroyed: the first 10% of a real kdump
# (headers and bitmaps, no kernel image) reads, says it is incomplete, and
# names no race.
if vmcore_corpus && KDUMP=$(ls "$VMCORE_DIR"/*-kdump.kdump 2>/dev/null | head -1) && [ -n "$KDUMP" ]; then
	head -c $(($(stat -c %s "$KDUMP") / 10)) "$KDUMP" >"$tmpdir/nolog.kdump"
	run_pagerace analyze --format=json "$tmpdir/nolog.kdump"
	check "a dump without its log: a report marked vmcore-incomplete" grep -q '"vmcore-incomplete"' "$tmpdir/out"
	no_verdict "a dump without its log: no race verdict" "$tmpdir/out"
else
	echo "ok $((tap_n + 1)) # SKIP no vmcore corpus for the dump without its log"
	tap_n=$((tap_n + 1))
fi
tap_done
