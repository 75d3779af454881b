#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What pagerace writes reads back into the same in-memory report
# (src/report_read.h): write -> read -> write gives the same bytes, for
# the analyze document of every oops report of the corpus (each alone and
# all in one), of the vmcore fixtures (tests/data/vmcore) and, with
# PAGERACE_VMCORE_DIR, of every dump of the real corpus; and for triage's
# JSON Lines.  Input that is not what pagerace writes gives one message
# naming the file and the field, exit 1, and no output.
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

RT=${abs_builddir:-$abs_srcdir}/tests/report-roundtrip
printf 'leak:libkdumpfile.so\n' >"$tmpdir/lsan.supp"
export LSAN_OPTIONS="suppressions=$tmpdir/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

# roundtrip NAME MODE FILE: FILE read and written again is FILE.
roundtrip() {
	local rc=0
	"$RT" "$2" "$3" >"$tmpdir/again" 2>"$tmpdir/rt.err" || rc=$?
	if [ "$rc" -ne 0 ] || grep -Eq -e 'runtime error:' -e 'ERROR: [A-Za-z]+Sanitizer' "$tmpdir/rt.err"; then
		tap_result 1 "$1: read back (exit $rc)"
		sed 's/^/# /' "$tmpdir/rt.err" | head -5
		return
	fi
	check "$1: written again, the same bytes" cmp "$3" "$tmpdir/again"
}

# Every report of the oops corpus, each input's document alone: a
# difference names its input.
bad=0 n=0
for log in "$CORPUS"/*.log; do
	n=$((n + 1))
	run_pagerace analyze --format=json "$log"
	"$RT" doc "$tmpdir/out" >"$tmpdir/again" 2>"$tmpdir/rt.err" &&
		cmp -s "$tmpdir/out" "$tmpdir/again" && continue
	bad=$((bad + 1))
	echo "# ${log##*/}: $(head -c 300 "$tmpdir/rt.err")"
done
tap_result "$bad" "oops corpus: $n documents read back and written again the same ($bad differ)"

run_pagerace analyze --format=json "$CORPUS"/*.log
cp "$tmpdir/out" "$tmpdir/all.json"
reports=$("$PYTHON" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["reports"]))' "$tmpdir/all.json")
tap_result $((reports < n)) "oops corpus in one document: $reports reports"
roundtrip "oops corpus in one document" doc "$tmpdir/all.json"

# The known bugs' texts are written once in the document, the reports
# name them: read back through the same CVE entries.
if [ -r "$abs_srcdir/data/known-bugs.kb.zst" ]; then
	run_pagerace analyze --format=json --kb "$abs_srcdir/data/known-bugs.kb.zst" "$CORPUS"/*.log
	cp "$tmpdir/out" "$tmpdir/kb.json"
	named=$("$PYTHON" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["known_bugs"]))' "$tmpdir/kb.json")
	tap_result $((named == 0)) "with known bugs: the document names $named CVE entries"
	roundtrip "oops corpus with known bugs" doc "$tmpdir/kb.json"
fi

# Triage's lines: self-contained reports, texts inlined.
"$PAGERACE" triage -q --no-cache -j 2 "$CORPUS" >"$tmpdir/lines.jsonl" 2>/dev/null
tap_result $(($(grep -c '"record"' "$tmpdir/lines.jsonl") < n)) "triage of the oops corpus: $(wc -l <"$tmpdir/lines.jsonl") lines"
roundtrip "triage lines" lines "$tmpdir/lines.jsonl"

# merge reads each crash line back whole: a field of the wrong type is
# a bad line, named with its field; the good lines still count.
"$PYTHON" - "$tmpdir/lines.jsonl" >"$tmpdir/badfield.jsonl" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
bad = json.loads(json.dumps([l for l in lines if "record" in l][0]))
bad["input"] = "bad-field-input"
bad["record"]["frames"][0]["reliable"] = "yes"
for l in [bad] + lines:
    print(json.dumps(l))
PY
run_pagerace merge --format=json "$tmpdir/badfield.jsonl"
tap_result $((rc != 2)) "merge: a frame's reliable a string: exit 2 (got $rc)"
check "merge: the bad line is named with its field" \
	grep -q 'badfield.jsonl:1: not a pagerace crash record: "reliable" is not true or false' "$tmpdir/err"
check "merge: the bad line is not counted, the others are" \
	"$PYTHON" -c 'import json, sys
d = json.load(open(sys.argv[1]))
want = sum(1 for l in open(sys.argv[2]) if "\"record\"" in l)
assert d["reports"] == want and "bad-field-input" not in open(sys.argv[1]).read(), (d["reports"], want)' \
	"$tmpdir/out" "$tmpdir/lines.jsonl"

# The vmcore fixtures, read without their vmlinux.
noroot=$tmpdir/noroot
mkdir -p "$noroot"
for packed in "$abs_srcdir"/tests/data/vmcore/*.xz; do
	name=${packed##*/}
	run_bounded analyze --format=json --debug-root "$noroot" "$packed"
	cp "$tmpdir/out" "$tmpdir/fixture.json"
	roundtrip "${name%.xz}" doc "$tmpdir/fixture.json"
done

# The real corpus, read with its vmlinux.
if vmcore_corpora; then
	for d in $VMCORE_DIRS; do
		vmlinux=$(vmcore_json "$d/corpus.json" vmlinux)
		[ -r "$vmlinux" ] || continue
		for dump in "$d"/*.kdump "$d"/*.elf; do
			[ -e "$dump" ] || continue
			LIMIT=600 run_bounded analyze --format=json --vmlinux "$vmlinux" \
				--module-debug "$d" "$dump"
			cp "$tmpdir/out" "$tmpdir/dump.json"
			roundtrip "$(basename "$(dirname "$d")")/${dump##*/}" doc "$tmpdir/dump.json"
		done
	done
fi

# Malformed documents: one message naming the file and the field.
# bad NAME PYTHON-EXPR-ON-d WANT-IN-MESSAGE
bad() {
	"$PYTHON" - "$tmpdir/all.json" "$tmpdir/bad.json" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
open(sys.argv[2], "w").write(json.dumps(d))
PY
	local rc=0
	"$RT" doc "$tmpdir/bad.json" >"$tmpdir/again" 2>"$tmpdir/rt.err" || rc=$?
	tap_result $((rc != 1)) "$1: exit 1 (got $rc)"
	check "$1: one message naming the file and the problem" \
		bash -c '[ "$(wc -l <"$1")" -eq 1 ] && grep -qF -- "$2" "$1" && grep -qF "$3" "$1" && ! [ -s "$4" ]' \
		_ "$tmpdir/rt.err" "$tmpdir/bad.json" "$3" "$tmpdir/again"
	sed 's/^/# /' "$tmpdir/rt.err" | head -2
}
bad "schema 1" 'd["schema_version"] = 1' "schema_version 1"
bad "frame address a number" 'd["reports"][0]["record"]["frames"][0]["address"] = 12' '"address" is not a hex string'
bad "unknown kind" 'd["reports"][0]["record"]["kind"] = "nosuch"' '"kind" is not a name'
bad "record missing" 'del d["reports"][0]["record"]' '"record" is missing'
bad "verdict of no rule" 'r = [x for x in d["reports"] if x["verdicts"]][0]; r["verdicts"][0]["signature"] = "nosuch"' "a rule of the document"
bad "condition out of range" 'r = [x for x in d["reports"] if x["verdicts"]][0]; r["verdicts"][0]["conditions"][0]["condition"] = 1e30' '"condition" is not a condition of its rule'
bad "fractional line" 'd["reports"][0]["lines"][0] = 1.5' '"lines"'
bad "negative source line" 'r = d["reports"][0]["record"]; r["source_line"] = -1' '"source_line" is not a whole number'
head -c 100000 "$tmpdir/all.json" >"$tmpdir/bad.json"
rc=0; "$RT" doc "$tmpdir/bad.json" >/dev/null 2>"$tmpdir/rt.err" || rc=$?
tap_result $((rc != 1)) "a cut document: exit 1 (got $rc): $(cat "$tmpdir/rt.err")"
# A document nested deeper than any pagerace writes: refused, bounded.
"$PYTHON" -c 'print("[" * 100000 + "]" * 100000)' >"$tmpdir/bad.json"
rc=0; "$RT" doc "$tmpdir/bad.json" >/dev/null 2>"$tmpdir/rt.err" || rc=$?
tap_result $((rc != 1)) "100000 nested arrays: exit 1 (got $rc): $(cat "$tmpdir/rt.err")"
tap_done
