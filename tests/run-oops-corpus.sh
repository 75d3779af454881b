#!/bin/sh
# Every real log of corpus/oops against its hand-written expectation
# (kind, guilty frame, frames, page fields, other tasks).
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

for expect in "$CORPUS"/*.expect.json; do
	name=$(basename "$expect" .expect.json)
	run_pagerace analyze --format=json "$CORPUS/$name.log"
	if [ "$rc" -gt 1 ]; then
		tap_result 1 "$name: analyze exit $rc"
		sed 's/^/# /' "$tmpdir/err" | head -5
		continue
	fi
	"$PYTHON" "$abs_srcdir/tests/compare-expect.py" "$name" "$expect" "$tmpdir/out" >"$tmpdir/cmp.tap" 2>&1 ||
		echo "not ok - $name: compare-expect.py failed" >>"$tmpdir/cmp.tap"
	relay_tap "$tmpdir/cmp.tap"
done
# The comparison itself can fail: an expectation or page fact it does not
# know (a typo in an expect file) is a failure, not a silent pass.
echo '{"reports": [{"guilty_fram": "f", "page": {"refcnt": 1}}]}' >"$tmpdir/typo.json"
"$PYTHON" "$abs_srcdir/tests/compare-expect.py" typo "$tmpdir/typo.json" "$tmpdir/out" >"$tmpdir/cmp.tap" 2>&1
check "an unknown expectation key fails" grep -q '^not ok - typo#1 guilty_fram (no such expectation)' "$tmpdir/cmp.tap"
tap_done
