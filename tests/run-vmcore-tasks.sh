#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The kernel half of vmcore analysis (src/vmcore/kernel.h) against drgn
# 0.0.22 and the guests' ground truth, on every dump of the generated
# corpus (corpus/vmcore/make-corpus.sh; PAGERACE_VMCORE_DIR or
# corpus/vmcore/cache, its "current" link): the crashed thread's
# functions, every task's functions (by pid), the victim struct page.
# The explained differences are listed in tests/vmcore-compare.py.
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

tool=${abs_builddir:-$abs_srcdir}/tests/vmcore-kernel-dump
vmcore_each_corpus "$0"
if ! vmcore_corpus; then
	echo "1..0 # SKIP no vmcore corpus in $VMCORE_ROOT (run corpus/vmcore/make-corpus.sh)"
	exit 0
fi
dir=$VMCORE_DIR
if ! vmcore_py -c 'import drgn' 2>/dev/null; then
	echo "1..0 # SKIP no python3-drgn"
	exit 0
fi
vmlinux=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["vmlinux"])' "$dir/corpus.json")
if [ ! -r "$vmlinux" ] || [ ! -x "$tool" ]; then
	echo "1..0 # SKIP no $vmlinux or $tool"
	exit 0
fi
# Each dump's module (lustre.ko for A) is named by its ground truth.
"$PYTHON" -c '
import json, os, sys
corpus = json.load(open(sys.argv[1]))
for d in corpus["dumps"]:
    truth = d.get("truth")
    module = corpus.get("module") or "-"
    if truth:
        module = json.load(open(os.path.join(os.path.dirname(sys.argv[1]),
                                             truth))).get("module") or module
    print(d["dump"], truth or "-", d.get("method", "?"), module)
' "$dir/corpus.json" >"$tmpdir/dumps"

while read -r dump truth method module; do
	[ -r "$dir/$dump" ] || continue
	ko=$dir/$module
	[ -r "$ko" ] || ko=-
	out=$tmpdir/$dump.json
	if ! "$tool" "$dir/$dump" "$vmlinux" "$dir" >"$out" 2>"$tmpdir/err"; then
		tap_result 1 "$dump: vmcore-kernel-dump runs"
		sed 's/^/# /' "$tmpdir/err"
		continue
	fi
	tap_result 0 "$dump: vmcore-kernel-dump runs"
	[ "$truth" = - ] || truth=$dir/$truth
	qemu=0
	[ "$method" = qemu ] && qemu=1
	vmcore_oracle "$tmpdir/tap" "$tmpdir/err" "$abs_srcdir/tests/vmcore-compare.py" \
		"$dir/$dump" "$vmlinux" "$ko" "$out" "$truth" "$qemu" ||
		echo "not ok 0 - $dump: drgn comparison crashed" >>"$tmpdir/tap"
	sed 's/^# /# /' "$tmpdir/err" | sed 's/^/# /' | head -5 >>"$tmpdir/tap"
	# Renumber the comparer's lines into this script's sequence.
	while IFS= read -r line; do
		case $line in
		"not ok "*"# TODO "*)
			# An expected failure, explained in vmcore-compare.py.
			tap_n=$((tap_n + 1))
			echo "not ok $tap_n - ${line#not ok * - }"
			;;
		"ok "*) tap_result 0 "${line#ok * - }" ;;
		"not ok "*) tap_result 1 "${line#not ok * - }" ;;
		*) echo "$line" ;;
		esac
	done <"$tmpdir/tap"
done <"$tmpdir/dumps"
echo "1..$tap_n"
[ "$tap_failed" -eq 0 ]
