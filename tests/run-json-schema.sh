#!/bin/sh
# Every JSON document pagerace produces in the tests validates against the
# versioned schema in schema/.
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

schema=$abs_srcdir/schema/pagerace-analyze-2.schema.json

for log in "$CORPUS"/*.log; do
	name=$(basename "$log" .log)
	run_pagerace analyze --format=json --all "$log"
	validate_json "$schema" "$tmpdir/out" >"$tmpdir/v.out" 2>&1
	tap_result $? "$name: analyze --format=json --all validates"
	cat "$tmpdir/v.out"
done
# Errors are part of the document too.
: >"$tmpdir/empty.log"
run_pagerace analyze --format=json "$tmpdir/empty.log" "$CORPUS/d-syzbot-ext4-inode-2598-writeback.log"
validate_json "$schema" "$tmpdir/out" >"$tmpdir/v.out" 2>&1
tap_result $? "a document with an input error validates"
check "the error names the input" grep -Eq '"input":[[:space:]]*".*empty.log"' "$tmpdir/out"
tap_done
