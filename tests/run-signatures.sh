#!/bin/sh
# The rule set: lint (good and broken rules), list/show/explain, and every
# rule against the corpus expectations.
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

run_pagerace signatures lint "$PAGERACE_SIGNATURES"
tap_result "$rc" "the shipped rules lint clean"
check "lint counts at least 7 rules" grep -Eq '^([7-9]|[1-9][0-9]+) rules ok, 0 problems$' "$tmpdir/out"

run_pagerace signatures lint "$abs_srcdir/tests/data/rules/minimal-rule.json"
tap_result "$rc" "the minimal fixture rule lints clean"

grep -v '^#' "$abs_srcdir/tests/data/bad-rules/EXPECTED" | while IFS='	' read -r file regex; do
	run_pagerace signatures lint "$abs_srcdir/tests/data/bad-rules/$file"
	if [ "$rc" -eq 3 ] && grep -Eq -- "$regex" "$tmpdir/out"; then
		echo "ok - lint $file: $regex"
	else
		echo "not ok - lint $file (exit $rc): want $regex"
		sed 's/^/# /' "$tmpdir/out" "$tmpdir/err" | head -5
	fi
done >"$tmpdir/lint.tap"
relay_tap "$tmpdir/lint.tap"

run_pagerace signatures lint "$abs_srcdir/tests/data/bad-rules"
check "lint of a directory reports every broken file" \
	test "$(grep -c 'bad-rules/' "$tmpdir/out")" -ge 20

run_pagerace signatures list
tap_result "$rc" "signatures list"
for id in $(cut -d' ' -f1 "$tmpdir/out"); do
	run_pagerace signatures show "$id"
	tap_result "$rc" "signatures show $id"
	check "show $id draws the race and the fix" \
		sh -c "grep -q '^  race:' '$tmpdir/out' && grep -q '^  fix:' '$tmpdir/out' && grep -Eq '^ +1  \\| ' '$tmpdir/out'"
	run_pagerace signatures show --format=json "$id"
	check "show --format=json $id is JSON" "$PYTHON" -m json.tool "$tmpdir/out"
done

for bug in A B C D E; do
	run_pagerace explain "$bug"
	tap_result "$rc" "explain $bug"
	check "explain $bug names root cause and references" \
		sh -c "grep -q 'root cause:' '$tmpdir/out' && grep -q 'references:' '$tmpdir/out'"
done

# Function families: the data file's own checks stop the build on a bad
# table; each rule reference to a family is checked by lint (above).
printf 'truncate-inode-page\ttruncate_inode_page\t-\t5.17\tnote\nbad family\tf\t-\t-\tnote\n' >"$tmpdir/families.txt"
if ${AWK:-awk} -f "$abs_srcdir/data/function-families.awk" "$tmpdir/families.txt" >/dev/null 2>"$tmpdir/err"; then
	tap_result 1 "a family table with a bad family name is refused"
else
	check "a family table with a bad family name is refused" grep -q 'families.txt:2: family "bad family"' "$tmpdir/err"
fi
printf 'a\tf\t-\t-\tnote\nb\tg\t-\t-\tnote\na\th\t-\t-\tnote\n' >"$tmpdir/families.txt"
if ${AWK:-awk} -f "$abs_srcdir/data/function-families.awk" "$tmpdir/families.txt" >/dev/null 2>"$tmpdir/err"; then
	tap_result 1 "a family split in two is refused"
else
	check "a family split in two is refused" grep -q 'family a continues after other families' "$tmpdir/err"
fi

# The evidence floor and the nearest rules: a stack listing with no crash
# kind gets no verdict, says why, and names the nearest rule.
run_pagerace analyze "$CORPUS/a-lustre-ll_readahead-kdb.log"
check "unknown kind: no verdict" grep -q '^Verdict: no known signature' "$tmpdir/out"
check "unknown kind: the text says why" grep -q 'crash kind unknown' "$tmpdir/out"
check "unknown kind: the nearest rule is bug A, with what matched" \
	sh -c "grep -q 'nearest: lustre-readahead-null-mapping, bug A' '$tmpdir/out' && grep -q 'matched: frames' '$tmpdir/out'"
run_pagerace analyze --format=json "$CORPUS/a-lustre-ll_readahead-kdb.log"
check "JSON: no_verdict_reason and nearest" "$PYTHON" -c "
import json, sys
o = json.load(open(sys.argv[1]))
o = o[0] if isinstance(o, list) else o
o = o.get('reports', [o])[0] if 'reports' in o else o
assert o['verdict'] == 'no-known-signature'
assert 'unknown' in o['no_verdict_reason']
assert o['nearest'][0]['signature'] == 'lustre-readahead-null-mapping'
assert all(v['signature'] != 'lustre-readahead-null-mapping' for v in o['verdicts'])
" "$tmpdir/out"

# explain ID FILE decides one rule's conditions on an input.
run_pagerace explain thp-truncate-tail-page "$CORPUS/b-healer-truncate_inode_page-pagetail.log"
tap_result "$rc" "explain ID FILE"
check "explain ID FILE: level and decided conditions" \
	sh -c "grep -q '^thp-truncate-tail-page: report 1 .*: confirmed' '$tmpdir/out' && grep -q '^  \[+\] R  fault_function' '$tmpdir/out' && grep -q 'wants {\"fault_function\":\[\"@truncate-inode-page\"\]' '$tmpdir/out'"
run_pagerace explain D "$CORPUS/d-syzbot-ext4-inode-2625-postfix.log"
check "explain D FILE: both D signatures, each with its fix by version" \
	sh -c "grep -q '^writeback-stale-wakeup: report 1' '$tmpdir/out' && grep -q '^writeback-stale-wakeup-no-reuse: report 1' '$tmpdir/out' && grep -q 'already has the fix (073861ed77b6' '$tmpdir/out' && grep -q 'already has the fix (c2407cf7d22d' '$tmpdir/out'"

# The corpus expectations (corpus/oops/verdicts.tsv), one TAP line each.
run_pagerace signatures test "$CORPUS"
grep -E '^(ok  |FAIL) ' "$tmpdir/out" | while read -r status rest; do
	if [ "$status" = ok ]; then echo "ok - verdict $rest"; else echo "not ok - verdict $rest"; fi
done >"$tmpdir/verdicts.tap"
relay_tap "$tmpdir/verdicts.tap"
check "signatures test exits 0" test "$rc" -eq 0
expect_exit "signatures test without a corpus: a usage error" 2 signatures test
expect_stderr "signatures test without a corpus: says so" "name one corpus directory"
expect_exit "signatures test --corpus=DIR still works" 0 signatures test --corpus="$CORPUS"

# Independently of verdicts.tsv: no near-miss of SOURCES.tsv reaches likely,
# and no format sample is claimed by a rule at likely or above.
grep -v '^file' "$CORPUS/SOURCES.tsv" | while IFS='	' read -r file bug role rest; do
	[ "$role" = near-miss ] || [ "$role" = format ] ||
		[ "$role" = kind ] || continue
	"$PAGERACE" analyze -q "$CORPUS/$file" 2>/dev/null | cut -f3 >"$tmpdir/levels"
	if grep -Eq '^(likely|confirmed)$' "$tmpdir/levels"; then
		echo "not ok - $role $file stays below likely"
	else
		echo "ok - $role $file stays below likely"
	fi
done >"$tmpdir/near.tap"
relay_tap "$tmpdir/near.tap"
tap_done
