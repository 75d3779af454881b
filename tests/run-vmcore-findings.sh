#!/bin/sh
# Page forensics on the real vmcore corpus (corpus/vmcore): findings and
# victim pages against the ground truth (tests/vmcore-findings.py).
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

require_vmcore_corpus
analyze_corpus "$tmpdir/docs"
"$PYTHON" "$abs_srcdir/tests/vmcore-findings.py" "$VMCORE_DIR" "$tmpdir/docs" >"$tmpdir/f.tap" 2>&1 ||
	echo "not ok - vmcore-findings.py failed" >>"$tmpdir/f.tap"
relay_tap "$tmpdir/f.tap"
tap_done
