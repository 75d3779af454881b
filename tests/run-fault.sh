#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Out of memory at every allocation call site of one report: with
# PAGERACE_TEST_FAULT=alloc-site:K (a test build's hook, src/test_fault.c)
# the first allocation made from the K-th distinct call site fails, in
# pagerace or in a library it calls.  For each K until a run passes every
# site: the exit status is 4 (out of memory), and standard output is
# either empty or a whole document that validates against the schema,
# never a part of one.  One report from a log, and one from a vmcore
# fixture (tests/data/vmcore).
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

if ! test_hooks; then
	echo "1..0 # SKIP not a test build (configure --enable-test-hooks)"
	exit 0
fi
if nm "$PAGERACE" 2>/dev/null | grep -q __asan_init; then
	echo "1..0 # SKIP allocation faults need a build without AddressSanitizer"
	exit 0
fi
schema=$abs_srcdir/schema/pagerace-analyze-2.schema.json
MAX_SITES=${PAGERACE_FAULT_MAX_SITES:-5000}

# each_site NAME ARGS...: analyze ARGS with each call site failing in
# turn; the outputs in $tmpdir/NAME/K.{out,err,rc}.
each_site() {
	local name=$1 k=1 rc
	shift
	mkdir -p "$tmpdir/$name"
	while [ "$k" -le "$MAX_SITES" ]; do
		rc=0
		PAGERACE_TEST_FAULT=alloc-site:$k timeout 60 "$PAGERACE" "$@" \
			>"$tmpdir/$name/$k.out" 2>"$tmpdir/$name/$k.err" || rc=$?
		echo "$rc" >"$tmpdir/$name/$k.rc"
		grep -q '^pagerace: test fault: allocation at call site' "$tmpdir/$name/$k.err" || break
		k=$((k + 1))
	done
	sites=$((k - 1))
}

# judge NAME [TODO]: one TAP line per property over every site of NAME.
judge() {
	local name=$1
	"$PYTHON" - "$schema" "$tmpdir/$name" "$sites" "$name" "$tmpdir/$name.base" "${2:-}" <<'PY'
import json, os, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
v = jsonschema.Draft202012Validator(schema)
d, sites, name = sys.argv[2], int(sys.argv[3]), sys.argv[4]
base = open(sys.argv[5], "rb").read()
todo = " # TODO " + sys.argv[6] if sys.argv[6] else ""
bad_rc, bad_out = [], []
for k in range(1, sites + 1):
    rc = int(open("%s/%d.rc" % (d, k)).read())
    out = open("%s/%d.out" % (d, k), "rb").read()
    err = open("%s/%d.err" % (d, k), errors="replace").read().splitlines()
    why = " | ".join(l for l in err if "test fault" not in l)[:300]
    if rc != 4 and not (rc == 0 and out == base):
        bad_rc.append("site %d: exit %d: %s" % (k, rc, why))
    if out:
        try:
            doc = json.loads(out)
            errors = list(v.iter_errors(doc))
            if errors:
                bad_out.append("site %d: schema-invalid: %s: %s" % (
                    k, "/".join(map(str, errors[0].absolute_path)), errors[0].message[:160]))
        except ValueError as e:
            bad_out.append("site %d: not a whole JSON document (%d bytes): %s" % (k, len(out), e))
def result(bad, what):
    print("%s - %s: %s at all %d allocation call sites%s" % (
        "not ok" if bad else "ok", name, what, sites, todo if bad else ""))
    show = int(os.environ.get("PAGERACE_FAULT_SHOW", "15"))
    for b in bad[:show]:
        print("# " + b)
    if len(bad) > show:
        print("# ... and %d more" % (len(bad) - show))
result(bad_rc, "exit 4 (out of memory), or the same output")
result(bad_out, "standard output empty or a valid whole document")
PY
}

# A run without a fault gives the report: the sites are those of a
# report, not of an error path.
log=$CORPUS/d-syzbot-ext4-inode-2598-writeback.log
# The knowledge file (--kb) adds a second per site (4,091 records to
# load): PAGERACE_FAULT_KB=1 includes it.
kb=()
[ "${PAGERACE_FAULT_KB:-}" = 1 ] && kb=(--kb "$abs_srcdir/data/known-bugs.kb.zst")
run_pagerace analyze --format=json "${kb[@]}" "$log"
tap_result $((rc != 0)) "log: the report without a fault (exit $rc)"
cp "$tmpdir/out" "$tmpdir/log.base"
each_site log analyze --format=json "${kb[@]}" "$log"
tap_result $((sites < 20)) "log: $sites allocation call sites"
judge log >"$tmpdir/judge.tap" ||
	echo "not ok - log: the judgement itself failed" >>"$tmpdir/judge.tap"
relay_tap "$tmpdir/judge.tap"

# A vmcore fixture, read in analyze's child process (no memory limit, so
# that out of memory is not taken for the limit's), without vmlinux.
dump=$tmpdir/fixture.kdump
xz -dc "$abs_srcdir/tests/data/vmcore/6.1-A-kdump.kdump.xz" >"$dump"
mkdir -p "$tmpdir/noroot"
args=(analyze --format=json --memory-limit 0 --debug-root "$tmpdir/noroot" "$dump")
run_pagerace "${args[@]}"
tap_result $((rc != 0)) "vmcore: the report without a fault (exit $rc)"
cp "$tmpdir/out" "$tmpdir/vmcore.base"
each_site vmcore "${args[@]}"
tap_result $((sites < 20)) "vmcore: $sites allocation call sites"
# Known: libkdumpfile 0.5.1 crashes (SIGSEGV in the child) or reports
# its own allocation failures as unreadable dumps (exit 2).
judge vmcore "libkdumpfile's out of memory is an unreadable dump or a crash" >"$tmpdir/judge.tap" ||
	echo "not ok - vmcore: the judgement itself failed" >>"$tmpdir/judge.tap"
relay_tap "$tmpdir/judge.tap"
tap_done
