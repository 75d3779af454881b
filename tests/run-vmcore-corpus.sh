#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run-vmcore-corpus.sh - TAP test: verify the real vmcore corpus built by
# corpus/vmcore/make-corpus.sh.  For every dump: the dump file exists, its
# ground truth parses, and the drgn check (corpus/vmcore/check-dump.py)
# passes.  Prints "1..0 # SKIP ..." when the corpus has not been built.
#
# Corpus location: $PAGERACE_VMCORE_DIR (a cache root holding SERIES/current
# or "current", or one corpus directory holding corpus.json), else
# corpus/vmcore/cache; every series found is checked, each with the drgn of
# its own Debian suite (its build root) when this runs as root.
. "${abs_srcdir:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}/tests/test-subr.sh"
CHECK=$abs_srcdir/corpus/vmcore/check-dump.py

skip() { echo "1..0 # SKIP $*"; exit 0; }

vmcore_each_corpus "$0"
vmcore_corpus ||
	skip "vmcore corpus not built (run corpus/vmcore/make-corpus.sh or 'make vmcores'; looked in $VMCORE_ROOT)"
DIR=$VMCORE_DIR
vmcore_py -c 'import drgn' 2>/dev/null || skip "python3 with drgn (python3-drgn) not available"
[ -f "$CHECK" ] || skip "$CHECK missing"

# one line per dump: truth-file<TAB>dump-file<TAB>variant/scenario/method/format
list=$("$PYTHON" - "$DIR/corpus.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
for d in m["dumps"]:
    print("%s\t%s\tv%s/%s/%s/%s" % (d["truth"], d["dump"], d.get("variant", 1),
                                   d["scenario"], d["method"], d["format"]))
EOF
) || { echo "1..1"; echo "not ok 1 - $DIR/corpus.json does not parse"; exit 1; }
[ -n "$list" ] || { echo "1..1"; echo "not ok 1 - $DIR/corpus.json lists no dumps"; exit 1; }

VMLINUX=$(vmcore_json "$DIR/corpus.json" vmlinux)
[ -r "$VMLINUX" ] || skip "the corpus needs $VMLINUX (its kernel's -dbg vmlinux), which is not there"
MODDEBUG=$(vmcore_json "$DIR/corpus.json" module_debug)

n=$(printf '%s\n' "$list" | wc -l)
echo "# corpus: $DIR"
echo "1..$((n * 3))"
i=0
fail=0
while IFS=$'\t' read -r truth dump what; do
	i=$((i + 1))
	if [ -s "$DIR/$dump" ]; then
		echo "ok $i - $what: dump $dump exists"
	else
		echo "not ok $i - $what: dump $dump missing or empty"
		fail=1
	fi
	i=$((i + 1))
	if "$PYTHON" - "$DIR/$truth" <<'EOF'
import json, sys
t = json.load(open(sys.argv[1]))
g = t["guest"]
assert t["scenario"] == g["scenario"], "scenario mismatch"
assert any(a["role"] == "crasher" for a in g["actors"]), "no crasher"
for a in g["actors"]:
    assert isinstance(a["pid"], int) and a["comm"], a
if "page" in g:
    int(g["page"]["addr"], 16), int(g["page"]["flags"], 16), int(g["page"]["refcount"])
assert t["crash_lines"], "no crash lines"
EOF
	then
		echo "ok $i - $what: ground truth $truth parses"
	else
		echo "not ok $i - $what: ground truth $truth does not parse"
		fail=1
	fi
	i=$((i + 1))
	if out=$(vmcore_py "$CHECK" check --vmlinux "$VMLINUX" ${MODDEBUG:+--module-debug "$MODDEBUG"} "$DIR/$truth" 2>&1); then
		echo "ok $i - $what: drgn check"
	else
		echo "not ok $i - $what: drgn check"
		printf '%s\n' "$out" | sed 's/^/# /'
		fail=1
	fi
done <<< "$list"
exit $fail
