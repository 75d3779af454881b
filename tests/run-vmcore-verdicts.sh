#!/bin/sh
# Verdicts on the real vmcore corpus (corpus/vmcore): each documented race
# is confirmed on its dump evidence; the negatives are not claimed.
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

if ! vmcore_corpus; then
	echo "1..0 # SKIP no vmcore corpus (corpus/vmcore/make-corpus.sh)"
	exit 0
fi
vmlinux=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["vmlinux"])' "$VMCORE_DIR/corpus.json")
if [ ! -r "$vmlinux" ]; then
	echo "1..0 # SKIP $vmlinux is not installed"
	exit 0
fi
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
