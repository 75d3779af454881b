#!/bin/sh
# Verdicts on the real vmcore corpus (corpus/vmcore): each documented race
# is confirmed on its dump evidence; the negatives are not claimed.
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

vmcore_each_corpus "$0"
require_vmcore_corpus
analyze_corpus "$tmpdir/docs"
"$PYTHON" "$abs_srcdir/tests/vmcore-verdicts.py" "$VMCORE_DIR" "$tmpdir/docs" >"$tmpdir/v.tap" 2>&1 ||
	echo "not ok - vmcore-verdicts.py failed" >>"$tmpdir/v.tap"
relay_tap "$tmpdir/v.tap"
tap_done
