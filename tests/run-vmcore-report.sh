#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# What a vmcore report says, on the real vmcore corpus (corpus/vmcore):
# one page per pfn, the victim page with the truth's fields, the crashed
# trace with file:line, inode facts as drgn reads them, and documents
# that validate against the analyze schema.  See tests/vmcore-report.py.
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
schema=$abs_srcdir/schema/pagerace-analyze-1.schema.json
mkdir -p "$tmpdir/docs"
for dump in "$VMCORE_DIR"/*.kdump "$VMCORE_DIR"/*.elf; do
	[ -e "$dump" ] || continue
	name=$(basename "$dump")
	run_pagerace analyze --format=json --vmlinux "$vmlinux" \
		--module-debug "$VMCORE_DIR" "$dump"
	[ "$rc" -le 1 ]
	tap_result $? "$name: analyze exit $rc"
	cp "$tmpdir/out" "$tmpdir/docs/$name.json"
	"$PYTHON" - "$schema" "$tmpdir/out" >"$tmpdir/v.out" 2>&1 <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=str)
for e in errors[:5]:
    print("#", "/".join(map(str, e.absolute_path)), e.message[:200])
sys.exit(1 if errors else 0)
PY
	tap_result $? "$name: the document validates against the schema"
	cat "$tmpdir/v.out"
	run_pagerace analyze --format=json --vmlinux "$vmlinux" "$dump"
	cp "$tmpdir/out" "$tmpdir/docs/$name.nomod.json"
done
"$PYTHON" "$abs_srcdir/tests/vmcore-report.py" "$VMCORE_DIR" "$tmpdir/docs" "$vmlinux" \
	>"$tmpdir/r.tap" 2>&1 ||
	echo "not ok - vmcore-report.py failed" >>"$tmpdir/r.tap"
relay_tap "$tmpdir/r.tap"
tap_done
