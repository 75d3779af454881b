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

# The corpus expectations (corpus/oops/verdicts.tsv), one TAP line each.
run_pagerace signatures test --corpus "$CORPUS"
grep -E '^(ok  |FAIL) ' "$tmpdir/out" | while read -r status rest; do
	if [ "$status" = ok ]; then echo "ok - verdict $rest"; else echo "not ok - verdict $rest"; fi
done >"$tmpdir/verdicts.tap"
relay_tap "$tmpdir/verdicts.tap"
check "signatures test exits 0" test "$rc" -eq 0

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
