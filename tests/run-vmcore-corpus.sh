#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run-vmcore-corpus.sh - TAP test: verify the real vmcore corpus built by
# corpus/vmcore/make-corpus.sh.  For every dump: the dump file exists, its
# ground truth parses, and the drgn check (corpus/vmcore/check-dump.py)
# passes.  Prints "1..0 # SKIP ..." when the corpus has not been built.
#
# Corpus location: $PAGERACE_VMCORE_DIR (the cache root holding "current",
# or one corpus directory holding corpus.json), else corpus/vmcore/cache.
set -u

# abs_srcdir comes from AM_TESTS_ENVIRONMENT; fall back to this script's tree
srcdir=${abs_srcdir:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
[ -d "$srcdir/corpus/vmcore" ] || srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CHECK=$srcdir/corpus/vmcore/check-dump.py
PY=/usr/bin/python3
ROOT=${PAGERACE_VMCORE_DIR:-$srcdir/corpus/vmcore/cache}

skip() { echo "1..0 # SKIP $*"; exit 0; }

if [ -f "$ROOT/corpus.json" ]; then
	DIR=$ROOT
elif [ -f "$ROOT/current/corpus.json" ]; then
	DIR=$(cd "$ROOT/current" && pwd -P)
else
	skip "vmcore corpus not built (run corpus/vmcore/make-corpus.sh or 'make vmcores'; looked in $ROOT)"
fi
"$PY" -c 'import drgn' 2>/dev/null || skip "$PY with drgn (python3-drgn) not available"
[ -f "$CHECK" ] || skip "$CHECK missing"

# one line per dump: truth-file<TAB>dump-file<TAB>scenario/method/format
list=$("$PY" - "$DIR/corpus.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
for d in m["dumps"]:
    print("%s\t%s\t%s/%s/%s" % (d["truth"], d["dump"], d["scenario"], d["method"], d["format"]))
EOF
) || { echo "1..1"; echo "not ok 1 - $DIR/corpus.json does not parse"; exit 1; }
[ -n "$list" ] || { echo "1..1"; echo "not ok 1 - $DIR/corpus.json lists no dumps"; exit 1; }

VMLINUX=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["vmlinux"])' "$DIR/corpus.json")
[ -r "$VMLINUX" ] || skip "the corpus needs $VMLINUX (its kernel's -dbg package), which is not installed"

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
	if "$PY" - "$DIR/$truth" <<'EOF'
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
	if out=$("$PY" "$CHECK" check --vmlinux "$VMLINUX" "$DIR/$truth" 2>&1); then
		echo "ok $i - $what: drgn check"
	else
		echo "not ok $i - $what: drgn check"
		printf '%s\n' "$out" | sed 's/^/# /'
		fail=1
	fi
done <<< "$list"
exit $fail
