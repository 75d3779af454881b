#!/bin/sh
# Verdicts on the real vmcore corpus (corpus/vmcore): each documented race
# is confirmed on its dump evidence; the negatives are not claimed.
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

vmcore_each_corpus "$0"
require_vmcore_corpus
vmlinux=$VMCORE_VMLINUX
mkdir -p "$tmpdir/docs"
for dump in "$VMCORE_DIR"/*.kdump "$VMCORE_DIR"/*.elf; do
	[ -e "$dump" ] || continue
	run_pagerace analyze --format=json --vmlinux "$vmlinux" \
		--module-debug "$VMCORE_DIR" "$dump"
	if [ "$rc" -gt 1 ]; then
		tap_result 1 "$(basename "$dump"): analyze exit $rc"
		sed 's/^/# /' "$tmpdir/err" | head -5
	fi
	cp "$tmpdir/out" "$tmpdir/docs/$(basename "$dump").json"
done
"$PYTHON" "$abs_srcdir/tests/vmcore-verdicts.py" "$VMCORE_DIR" "$tmpdir/docs" >"$tmpdir/v.tap" 2>&1 ||
	echo "not ok - vmcore-verdicts.py failed" >>"$tmpdir/v.tap"
relay_tap "$tmpdir/v.tap"
tap_done
