#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# What a vmcore report says, on the real vmcore corpus (corpus/vmcore):
# one page per pfn, the victim page with the truth's fields, the crashed
# trace with file:line, inode facts as drgn reads them, and documents
# that validate against the analyze schema.  See tests/vmcore-report.py.
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

vmcore_each_corpus "$0"
require_vmcore_corpus
vmlinux=$VMCORE_VMLINUX
schema=$abs_srcdir/schema/pagerace-analyze-2.schema.json
mkdir -p "$tmpdir/docs"
for dump in "$VMCORE_DIR"/*.kdump "$VMCORE_DIR"/*.elf; do
	[ -e "$dump" ] || continue
	name=$(basename "$dump")
	run_pagerace analyze --format=json --vmlinux "$vmlinux" \
		--module-debug "$VMCORE_DIR" "$dump"
	[ "$rc" -le 1 ]
	tap_result $? "$name: analyze exit $rc"
	cp "$tmpdir/out" "$tmpdir/docs/$name.json"
	validate_json "$schema" "$tmpdir/out" >"$tmpdir/v.out" 2>&1
	tap_result $? "$name: the document validates against the schema"
	cat "$tmpdir/v.out"
	run_pagerace analyze --format=json --vmlinux "$vmlinux" "$dump"
	cp "$tmpdir/out" "$tmpdir/docs/$name.nomod.json"
done
vmcore_oracle "$tmpdir/r.tap" "$tmpdir/r.err" "$abs_srcdir/tests/vmcore-report.py" \
	"$VMCORE_DIR" "$tmpdir/docs" "$vmlinux" ||
	echo "not ok - vmcore-report.py failed" >>"$tmpdir/r.tap"
sed 's/^/# /' "$tmpdir/r.err" >>"$tmpdir/r.tap"
relay_tap "$tmpdir/r.tap"
tap_done
