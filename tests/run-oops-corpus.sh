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
tap_done
