#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# pagerace's vmcore report side by side with drgn and crash, on the same
# dumps of every kernel series of the corpus, in one run (a benchmark,
# not a test: it prints figures and never fails on them).
#
# Each tool does what pagerace's report does: the kernel log, every task's
# stack, the crashed page(s) of the dump's ground truth.
#   pagerace analyze --vmlinux V --module-debug DIR DUMP
#   pagerace analyze --no-vmlinux DUMP       (when this pagerace has it)
#   drgn (the series' own python3-drgn, in its root): get_dmesg, the
#     stack_trace of every task of for_each_task, each page as struct page
#   crash -s (the series' own crash, in its root): log, foreach bt,
#     kmem -p and struct page of each page
# For each: wall seconds (best of RUNS), user+system CPU seconds and peak
# RSS (GNU time of the same run), and the ratios to drgn and crash.
# Goals: pagerace <= 0.1x drgn's time, <= 0.01x crash's, <= 64 MiB.
# drgn and crash run through corpus/vmcore/in-root.sh (unshare + chroot):
# its own cost is measured and printed (it is inside their figures).
#
#   bench/vmcore-peers.sh [--runs N] [--series S,...] [--dump NAME]... [PAGERACE]
#
#   --runs N     runs per tool and dump (default $RUNS or 3)
#   --series S   series of the corpus to use (default: every built one)
#   --dump NAME  dump file name in the series' corpus (repeatable; default
#                E-kdump.kdump, and large-E-kdump.kdump when it was built)
#   PAGERACE     the binary (default build/pagerace)
# The corpus is $PAGERACE_VMCORE_DIR (else corpus/vmcore/cache), as made
# by corpus/vmcore/make-corpus.sh; entering the roots needs root.
# Outputs of every tool go to $BENCH_DIR (default bench/out/peers).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-3}
SERIES=
DUMPS=()
while [ $# -gt 0 ]; do
	case "$1" in
	--runs) RUNS=${2:?}; shift 2 ;;
	--series) SERIES=$(echo "${2:?}" | tr ',' ' '); shift 2 ;;
	--dump) DUMPS+=("${2:?}"); shift 2 ;;
	-h|--help) sed -n '3,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "vmcore-peers: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
pagerace=$(realpath "${1:-$top/build/pagerace}")
[ -x "$pagerace" ] || { echo "vmcore-peers: no pagerace binary $pagerace (build it, or pass one)" >&2; exit 2; }
cache=$(realpath "${PAGERACE_VMCORE_DIR:-$top/corpus/vmcore/cache}")
out=${BENCH_DIR:-$top/bench/out/peers}
mkdir -p "$out"
out=$(realpath "$out")
[ "$(id -u)" = 0 ] || { echo "vmcore-peers: drgn and crash run in the series' roots: run as root" >&2; exit 2; }
PY=python3
json() { $PY -c 'import json,sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    v = v.get(k) if isinstance(v, dict) else None
print("" if v is None else v)' "$1" "$2"; }
export PAGERACE_SIGNATURES=${PAGERACE_SIGNATURES:-$top/signatures}
NO_VMLINUX=0
"$pagerace" analyze --help 2>&1 | grep -q -- '--no-vmlinux' && NO_VMLINUX=1

cat >"$out/drgn-report.py" <<'EOF'
# What pagerace's report reads, with drgn: the log, every task's stack
# (with drgn's file:line), the victim pages.
import sys
import drgn
from drgn.helpers.linux.pid import for_each_task
from drgn.helpers.linux.printk import get_dmesg

dump, vmlinux, modules, pages = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
prog = drgn.Program()
prog.set_core_dump(dump)
try:
    prog.load_debug_info([vmlinux] + [m for m in modules.split(",") if m])
except drgn.MissingDebugInfoError:
    pass
out = [get_dmesg(prog).decode(errors="replace")]
ntasks = 0
for task in for_each_task(prog):
    ntasks += 1
    out.append("PID %d %s" % (task.pid.value_(), task.comm.string_().decode()))
    try:
        out.append(str(prog.stack_trace(task)))
    except (ValueError, LookupError, drgn.FaultError) as e:
        out.append("no stack: %s" % e)
for addr in (p for p in pages.split(",") if p):
    page = drgn.Object(prog, "struct page *", int(addr, 16))
    out.append(str(page[0]))
print("\n".join(out))
print("tasks: %d" % ntasks)
EOF

# measure NAME CMD...: best wall of RUNS, with that run's CPU and peak RSS;
# prints "wall cpu rss_kb rc"
measure() {
	local name=$1 best="" i t rc
	shift
	for i in $(seq "$RUNS"); do
		rc=0
		/usr/bin/time -f '%e %U %S %M' -o "$out/time" "$@" >"$out/$name.out" 2>"$out/$name.err" || rc=$?
		t=$(tail -n 1 "$out/time" | awk -v rc="$rc" '{ printf "%.3f %.3f %d %d", $1, $2 + $3, $4, rc }')
		if [ -z "$best" ] || awk -v a="${t%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
			best=$t
		fi
	done
	echo "$best"
}

row() {	# LABEL "wall cpu rss rc" DRGN_WALL CRASH_WALL
	local label=$1 w c r rc
	read -r w c r rc <<<"$2"
	awk -v l="$label" -v w="$w" -v c="$c" -v r="$r" -v rc="$rc" -v d="$3" -v k="$4" 'BEGIN {
		printf "  %-28s %8.3f %8.3f %9.1f", l, w, c, r / 1024
		printf "  %9s", (d > 0 ? sprintf("%.4f", w / d) : "-")
		printf "  %10s", (k > 0 ? sprintf("%.5f", w / k) : "-")
		if (rc != 0) printf "  (exit %d)", rc
		printf "\n"
	}'
}

verdict() {	# WHAT VALUE LIMIT
	awk -v w="$1" -v v="$2" -v l="$3" 'BEGIN { printf "    %-34s %10s (goal <= %s): %s\n", w, v, l, (v + 0 <= l + 0 ? "met" : "NOT met") }'
}

series_list=$SERIES
[ -n "$series_list" ] || series_list=$(for d in "$cache"/*/current; do [ -f "$d/corpus.json" ] && basename "$(dirname "$d")"; done | sort -V)
[ -n "$series_list" ] || { echo "vmcore-peers: no corpus in $cache (corpus/vmcore/make-corpus.sh)" >&2; exit 2; }

echo "pagerace vs drgn vs crash on the same dumps ($RUNS runs each, best wall; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "pagerace: $pagerace ($("$pagerace" --version 2>/dev/null | head -n 1))"
for se in $series_list; do
	dir=$(realpath "$cache/$se/current")
	idx=$dir/corpus.json
	root=$(json "$idx" root)
	vmlinux=$(json "$idx" vmlinux)
	root_vmlinux=$(json "$idx" root_vmlinux)
	[ -n "$root" ] && [ -e "$root/.complete" ] || { echo "series $se: no root"; continue; }
	inroot=(bash "$top/corpus/vmcore/in-root.sh" "$root" --bind "$dir" --bind "$out" --)
	drgn_v=$("${inroot[@]}" /usr/bin/python3 -c 'import drgn; print(drgn.__version__)' 2>/dev/null || echo "?")
	if "${inroot[@]}" sh -c 'command -v crash' >/dev/null 2>&1; then
		crash_v=$("${inroot[@]}" crash --version 2>/dev/null | awk 'NF { print $2; exit }')
	else
		crash_v=
	fi
	chroot_cost=$(measure in-root-true "${inroot[@]}" /bin/true)
	want=("${DUMPS[@]}")
	if [ ${#want[@]} -eq 0 ]; then
		want=(E-kdump.kdump)
		[ -f "$dir/large-E-kdump.kdump" ] && want+=(large-E-kdump.kdump)
	fi
	for name in "${want[@]}"; do
		dump=$dir/$name
		truth=${dump%.*}.json
		[ -f "$dump" ] && [ -f "$truth" ] || { echo "series $se: no $name"; continue; }
		module=$dir/$(json "$truth" module)
		pages=$($PY -c 'import json,sys
g = json.load(open(sys.argv[1]))["guest"]
print(",".join(g[k]["addr"] for k in ("page", "head") if k in g))' "$truth")
		tag=$se-${name%.*}
		echo
		echo "series $se ($(json "$idx" kernel_release)), $name ($(du -m "$dump" | cut -f1) MB), pages ${pages:-none}"
		printf "  %-28s %8s %8s %9s  %9s  %10s\n" tool "wall s" "cpu s" "peak MiB" "x drgn" "x crash"
		d=$(measure "$tag-drgn" "${inroot[@]}" /usr/bin/python3 "$out/drgn-report.py" "$dump" "$root_vmlinux" "$module" "$pages")
		tasks=$(awk '/^tasks: / { print $2 }' "$out/$tag-drgn.out")
		if [ -n "$crash_v" ]; then
			{
				echo "set scroll off"
				echo "log"
				echo "foreach bt"
				for p in ${pages//,/ }; do echo "kmem -p $p"; echo "struct page $p"; done
				echo "quit"
			} >"$out/crash-cmds"
			k=$(measure "$tag-crash" "${inroot[@]}" crash -s "$root_vmlinux" "$dump" -i "$out/crash-cmds")
		else
			k=
		fi
		dw=${d%% *}
		kw=${k%% *}
		p=$(measure "$tag-pagerace" "$pagerace" analyze --vmlinux "$vmlinux" --module-debug "$dir" "$dump")
		row "pagerace (vmlinux)" "$p" "$dw" "${kw:-0}"
		if [ $NO_VMLINUX = 1 ]; then
			n=$(measure "$tag-pagerace-novmlinux" "$pagerace" analyze --no-vmlinux "$dump")
			row "pagerace --no-vmlinux" "$n" "$dw" "${kw:-0}"
		else
			echo "  pagerace --no-vmlinux        skipped: this pagerace has no --no-vmlinux option"
		fi
		row "drgn $drgn_v" "$d" "$dw" "${kw:-0}"
		if [ -n "$k" ]; then
			row "crash $crash_v (-s batch)" "$k" "$dw" "$kw"
		else
			echo "  crash                        not in the root (corpus/vmcore/make-root.sh adds it)"
		fi
		row "(in-root.sh /bin/true)" "$chroot_cost" 0 0
		# what each one covered: tasks with a stack in its output
		pt=$(sed -n "s/^Tasks' stacks (\([0-9]*\)).*/\1/p" "$out/$tag-pagerace.out" | head -n 1)
		kt=$( [ -n "$k" ] && grep -c '^PID:' "$out/$tag-crash.out" || true)
		echo "  tasks with a stack: pagerace ${pt:-?}, drgn ${tasks:-?} (for_each_task), crash ${kt:-?} (foreach bt)"
		echo "  outputs: $out/$tag-*.out"
		pw=${p%% *}
		read -r _ pc prss _ <<<"$p"
		read -r _ dc _ _ <<<"$d"
		verdict "pagerace time / drgn's" "$(awk -v a="$pw" -v b="$dw" 'BEGIN { printf "%.4f", a / b }')" 0.1
		[ -n "$k" ] && verdict "pagerace time / crash's" "$(awk -v a="$pw" -v b="$kw" 'BEGIN { printf "%.5f", a / b }')" 0.01
		# CPU seconds do not grow with the load of a shared machine
		verdict "pagerace CPU / drgn's" "$(awk -v a="$pc" -v b="$dc" 'BEGIN { printf "%.4f", a / b }')" 0.1
		if [ -n "$k" ]; then
			read -r _ kc _ _ <<<"$k"
			verdict "pagerace CPU / crash's" "$(awk -v a="$pc" -v b="$kc" 'BEGIN { printf "%.5f", a / b }')" 0.01
		fi
		verdict "pagerace peak RSS, MiB" "$(awk -v r="$prss" 'BEGIN { printf "%.1f", r / 1024 }')" 64
	done
done
