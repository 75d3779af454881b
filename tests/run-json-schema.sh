#!/bin/sh
# Every JSON document pagerace produces in the tests validates against the
# versioned schema in schema/.
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

schema=$abs_srcdir/schema/pagerace-analyze-1.schema.json
validate() {
	"$PYTHON" - "$schema" "$1" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
doc = json.load(open(sys.argv[2]))
errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=str)
for e in errors[:5]:
    print("#", "/".join(map(str, e.absolute_path)), e.message[:200])
sys.exit(1 if errors else 0)
PY
}

for log in "$CORPUS"/*.log; do
	name=$(basename "$log" .log)
	run_pagerace analyze --format=json --all "$log"
	validate "$tmpdir/out" >"$tmpdir/v.out" 2>&1
	tap_result $? "$name: analyze --format=json --all validates"
	cat "$tmpdir/v.out"
done
# Errors are part of the document too.
: >"$tmpdir/empty.log"
run_pagerace analyze --format=json "$tmpdir/empty.log" "$CORPUS/d-syzbot-ext4-inode-2598-writeback.log"
validate "$tmpdir/out" >"$tmpdir/v.out" 2>&1
tap_result $? "a document with an input error validates"
check "the error names the input" grep -Eq '"input":[[:space:]]*".*empty.log"' "$tmpdir/out"
tap_done
