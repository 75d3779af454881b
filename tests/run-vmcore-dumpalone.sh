#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A full report from the dump alone: on every dump of every corpus series
# (PAGERACE_VMCORE_DIR), 'analyze --no-vmlinux' (symbols from the dump's
# kallsyms, types from its BTF, stacks from its ORC tables) agrees with
# 'analyze --vmlinux' on every field both have (tests/vmcore-dumpalone.py);
# with no vmlinux found the same happens by itself.  Then the dump's
# kallsyms, BTF and ORC tables are zeroed in a copy of an ELF dump
# (tests/vmcore-zero.py): each time one clear message names what is
# missing, the rest of the report is still made, and nothing it shows
# differs from the report with vmlinux.
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

vmcore_each_corpus "$0"
require_vmcore_corpus
dir=$VMCORE_DIR
mkdir -p "$tmpdir/noroot"

"$PYTHON" -c '
import json, sys
for d in json.load(open(sys.argv[1]))["dumps"]:
    print(d["dump"])
' "$dir/corpus.json" >"$tmpdir/dumps"

elf=
while read -r dump; do
	[ -r "$dir/$dump" ] || continue
	case $dump in *.elf) [ -n "$elf" ] || elf=$dump ;; esac
	run_bounded analyze --format=json --vmlinux "$VMCORE_VMLINUX" "$dir/$dump"
	cp "$tmpdir/out" "$tmpdir/with.json"
	rc_with=$rc
	run_bounded analyze --format=json --no-vmlinux "$dir/$dump"
	cp "$tmpdir/out" "$tmpdir/alone.json"
	if [ "$rc_with" -gt 1 ] || [ "$rc" -gt 1 ]; then
		tap_result 1 "$dump: analyze exits $rc_with with vmlinux, $rc without"
		sed 's/^/# /' "$tmpdir/err" | head -5
		continue
	fi
	check "$dump: --no-vmlinux warns where its data came from" \
		grep -q "warning: .*no vmlinux: symbols from the dump's kallsyms" "$tmpdir/err"
	"$PYTHON" "$abs_srcdir/tests/vmcore-dumpalone.py" "$dump" \
		"$tmpdir/with.json" "$tmpdir/alone.json" >"$tmpdir/cmp.tap" 2>&1 ||
		echo "not ok 0 - $dump: vmcore-dumpalone.py failed" >>"$tmpdir/cmp.tap"
	while IFS= read -r line; do
		case $line in
		"ok "*) tap_result 0 "${line#ok * - }" ;;
		"not ok "*) tap_result 1 "${line#not ok * - }" ;;
		*) echo "$line" ;;
		esac
	done <"$tmpdir/cmp.tap"
done <"$tmpdir/dumps"

# No vmlinux where it is looked for: the dump alone, the same report.
first=$(head -1 "$tmpdir/dumps")
run_bounded analyze --format=json --debug-root "$tmpdir/noroot" "$dir/$first"
check "$first: no vmlinux found: the warning says the dump is read alone" \
	grep -q "no vmlinux for kernel .*: reading the dump alone" "$tmpdir/err"
cp "$tmpdir/out" "$tmpdir/found-none.json"
run_bounded analyze --format=json --no-vmlinux "$dir/$first"
check "$first: no vmlinux found: the same report as --no-vmlinux" \
	"$PYTHON" -c '
import json, sys
a, b = (json.load(open(p))["reports"][0] for p in sys.argv[1:3])
for r in (a, b):
    r["record"]["input"] = None
assert a == b, "reports differ"
' "$tmpdir/found-none.json" "$tmpdir/out"

# Damaged copies of an ELF dump (its pages are stored as they are).
if [ -z "$elf" ]; then
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - # SKIP no ELF dump in the corpus for the damaged copies"
	tap_done
	exit
fi
run_bounded analyze --format=json --vmlinux "$VMCORE_VMLINUX" "$dir/$elf"
cp "$tmpdir/out" "$tmpdir/elf-with.json"

# damaged WHAT SYMBOL... : zero the tables named, analyse the copy.
damaged() {
	local what=$1
	shift
	if ! "$PYTHON" "$abs_srcdir/tests/vmcore-zero.py" "$dir/$elf" \
		"$tmpdir/damaged.elf" "$VMCORE_VMLINUX" "$@" >"$tmpdir/zero.out" 2>&1; then
		tap_result 1 "$elf without $what: vmcore-zero.py"
		sed 's/^/# /' "$tmpdir/zero.out" | head -5
		return 1
	fi
	run_bounded analyze --format=json --no-vmlinux "$tmpdir/damaged.elf"
	check "$elf without $what: exit 0, a report" test "$rc" -eq 0
	cp "$tmpdir/out" "$tmpdir/damaged.json"
}

# consistent WHAT: nothing the damaged report shows differs from the
# report with vmlinux: tasks' stacks are prefixes, pages equal or absent.
consistent() {
	check "$1: no value differs from the report with vmlinux" \
		"$PYTHON" - "$tmpdir/elf-with.json" "$tmpdir/damaged.json" <<'EOF'
import json, sys
w, d = (json.load(open(p))["reports"][0]["record"] for p in sys.argv[1:3])
keys = ("function", "address", "offset", "module")
def names(t):
    return [tuple(f.get(k) for k in keys) for f in t.get("frames") or []]
wt = {(t["pid"], t["comm"]): names(t) for t in w.get("tasks") or []}
for t in d.get("tasks") or []:
    mine, theirs = names(t), wt.get((t["pid"], t["comm"]))
    assert theirs is not None, "task %s/%s not in the report with vmlinux" % (t["pid"], t["comm"])
    assert theirs[:len(mine)] == mine, "%s: %s is no prefix of %s" % (t["comm"], mine[:4], theirs[:4])
# A field left out (null, []) is absent, not wrong; any other must agree.
wp = {p["address"]: p for p in w.get("pages") or []}
for p in d.get("pages") or []:
    if p.get("origin") != "memory":
        continue
    other = wp.get(p["address"])
    assert other, "page %s is not in the report with vmlinux" % p["address"]
    bad = [k for k, v in p.items() if v not in (None, []) and other.get(k) != v]
    assert not bad, "page %s: %s differ" % (p["address"], bad)
# A finding is one the report with vmlinux has (its text may say less).
wf = {(f["id"], f.get("address")) for f in w.get("findings") or []}
for f in d.get("findings") or []:
    if not f["id"].startswith("vmcore-"):
        assert (f["id"], f.get("address")) in wf, "finding %s" % f
EOF
}

if damaged "kallsyms" kallsyms_names; then
	check "$elf without kallsyms: the warning names kallsyms_names" \
		grep -q "warning: .*no symbols from the dump.*kallsyms" "$tmpdir/err"
	check "$elf without kallsyms: the log's report is still made" \
		"$PYTHON" - "$tmpdir/elf-with.json" "$tmpdir/damaged.json" <<'EOF'
import json, sys
w, d = (json.load(open(p))["reports"][0]["record"] for p in sys.argv[1:3])
assert d["title"] == w["title"], (d["title"], w["title"])
assert not d.get("tasks"), "tasks without symbols"
assert any(f["id"] == "vmcore-unread" and "kallsyms" in f["text"] for f in d["findings"]), d["findings"]
EOF
fi
if damaged "BTF" __start_BTF:__stop_BTF; then
	check "$elf without BTF: the report says there are no types" \
		grep -q "warning: .*no vmlinux: .*no types .*BTF" "$tmpdir/err"
	consistent "$elf without BTF"
fi
if damaged "ORC" __start_orc_unwind_ip:__stop_orc_unwind_ip; then
	check "$elf without ORC: the report says there are no stacks" \
		grep -q "warning: .*no vmlinux: .*no stacks: .*ORC" "$tmpdir/err"
	consistent "$elf without ORC"
fi
if damaged "kallsyms offsets" kallsyms_offsets; then
	check "$elf with kallsyms of no known encoding: refused, said so" \
		grep -q "no known encoding" "$tmpdir/err"
fi
tap_done
