#!/bin/sh
# Run pagerace's libFuzzer harnesses (tests/fuzz), one after another, each
# for a set time, from seed corpora made of the project's own inputs.
#
#   scripts/fuzz.sh [--seconds N] [--build DIR] [--src DIR] [HARNESS...]
#
# DIR is a build configured with --enable-fuzzing CC=clang (default
# build-fuzz in the source tree, configured and built when absent);
# HARNESS is log, rules, merge, vmcore or kb (default all).  The working
# corpus of each harness stays in DIR/fuzz/NAME/corpus between runs, and
# what it finds in DIR/fuzz/NAME/findings.  One line per harness:
#
#   fuzz-log: 60 s, 123456 execs (2057/s), cov 3456, ft 9876, corpus 812, findings 0
#
# and the exit status is 1 when any harness found a crash, leak, timeout
# or out-of-memory input (each is listed: copy it into tests/data/fuzz with
# a line in its README, where make check runs it).
set -eu
seconds=60
top=$(cd "$(dirname "$0")/.." && pwd)
build=
while [ $# -gt 0 ]; do
	case $1 in
	--seconds) seconds=$2; shift 2 ;;
	--build) build=$2; shift 2 ;;
	--src) top=$2; shift 2 ;;
	-h|--help) sed -n '2,18s/^# \{0,1\}//p' "$0"; exit 0 ;;
	--*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
harnesses=${*:-log rules merge vmcore kb}
build=${build:-$top/build-fuzz}
# A fuzzing build (--enable-fuzzing) has the harnesses in its default
# target.
mkdir -p "$build"
if ! sh "$top/scripts/build.sh" "$build" --enable-fuzzing CC="${CC:-clang}" >"$build/fuzz-build.log" 2>&1; then
	echo "fuzz.sh: the fuzzing build failed ($build/fuzz-build.log):" >&2
	tail -20 "$build/fuzz-build.log" >&2
	exit 2
fi
pagerace=$build/pagerace
export PAGERACE_SIGNATURES="$top/signatures"
# Leaks inside libkdumpfile 0.5.1 on a dump cut after its bitmaps (104
# bytes per open) are not ours; every other leak is a finding.
supp=$build/fuzz/lsan.supp
mkdir -p "$build/fuzz"
printf 'leak:libkdumpfile.so\nleak:libaddrxlat.so\n' >"$supp"
export LSAN_OPTIONS="suppressions=$supp:print_suppressions=0"
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}detect_leaks=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

# Seeds: a few files per harness, from the tree.
seed() { # NAME: fill $build/fuzz/NAME/seeds
	d=$build/fuzz/$1/seeds
	rm -rf "$d"
	mkdir -p "$d"
	case $1 in
	log)
		for f in "$top"/corpus/oops/*.log; do
			[ -f "$f" ] || continue
			head -c 65536 "$f" >"$d/${f##*/}"
		done ;;
	rules)
		cp "$top"/signatures/*.json "$top"/tests/data/bad-rules/*.json "$d/" 2>/dev/null || true
		for f in "$top"/tests/data/rules/*; do
			[ -f "$f" ] || continue
			cp "$f" "$d/rules-${f##*/}"
		done ;;
	merge)
		# Triage output of the oops corpus, whole and cut in shards.
		"$pagerace" triage --format jsonl -o "$d/corpus.jsonl" -s "$top/signatures" \
			"$top/corpus/oops" >/dev/null 2>&1 || true
		if [ -s "$d/corpus.jsonl" ]; then
			split -l 3 "$d/corpus.jsonl" "$d/shard-"
		fi ;;
	vmcore)
		for f in "$top"/tests/data/fuzz/*.core "$top"/tests/data/fuzz/*.kdump "$top"/tests/data/vmcore/*; do
			[ -f "$f" ] || continue
			head -c 65536 "$f" >"$d/${f##*/}"
		done
		# The real kdump headers of a fuzz finding, repaired; an ELF
		# core with their VMCOREINFO.
		python3 - "$top/tests/data/fuzz/kdump-vmcoreinfo-dotline-45056b.kdump" "$d" <<'PY'
import sys
d = open(sys.argv[1], "rb").read().replace(b"ffffff\n.84a00000", b"ffffffff84a00000")
open(sys.argv[2] + "/headers.kdump", "wb").write(d)
# The same as a makedumpfile flattened stream: header, then records.
import struct
flat = bytearray(b"makedumpfile".ljust(16, b"\0") + struct.pack(">qq", 1, 1))
flat += b"\0" * (4096 - len(flat))
for off in range(0, len(d), 16384):
    chunk = d[off:off + 16384]
    flat += struct.pack(">qq", off, len(chunk)) + chunk
flat += struct.pack(">qq", -1, 0)
open(sys.argv[2] + "/headers.flat", "wb").write(flat)
start = d.index(b"OSRELEASE=")
open(sys.argv[2] + "/vmcoreinfo.txt", "wb").write(d[start:d.index(b"\0", start)])
PY
		python3 "$top/tests/vmcore-fake.py" core "$d/fake.core"
		python3 "$top/tests/vmcore-fake.py" core "$d/fake-vmcoreinfo.core" --vmcoreinfo "$d/vmcoreinfo.txt"
		rm -f "$d/vmcoreinfo.txt"
		gzip -9 -c "$d/headers.kdump" >"$d/headers.kdump.gz"
		xz -T1 -c "$d/fake-vmcoreinfo.core" >"$d/fake.core.xz" ;;
	kb)
		# The shipped file, cut short (compressed and plain): the
		# plain text at the head of a few records, and where a
		# record is cut in two.
		kb=$top/data/known-bugs.kb.zst
		for n in 512 4096 65536; do
			head -c "$n" "$kb" >"$d/shipped-$n.kb.zst"
		done
		zstd -dc "$kb" 2>/dev/null | head -c 262144 >"$d/plain.kb" || true
		for n in 2000 8192 30000; do
			head -c "$n" "$d/plain.kb" >"$d/plain-$n.kb"
		done
		head -c 8192 "$d/plain.kb" | gzip -c >"$d/plain-8192.kb.gz"
		head -c 8192 "$d/plain.kb" | xz -T1 -c >"$d/plain-8192.kb.xz"
		head -c 8192 "$d/plain.kb" | zstd -q -c >"$d/plain-8192.kb.zst"
		rm -f "$d/plain.kb" ;;
	esac
}

found=0
for h in $harnesses; do
	bin=$build/tests/fuzz/fuzz-$h
	if [ ! -x "$bin" ]; then
		echo "fuzz-$h: not built ($bin)" >&2
		found=1
		continue
	fi
	seed "$h"
	w=$build/fuzz/$h
	mkdir -p "$w/corpus" "$w/findings"
	case $h in
	vmcore|kb) max_len=65536 ;;
	log|merge) max_len=16384 ;;
	*) max_len=8192 ;;
	esac
	before=$(ls "$w/findings" | wc -l)
	# One job, one core: CPU is shared.  -close_fd_mask=1: the merge
	# harness writes summaries; findings still print on stderr.
	"$bin" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 -close_fd_mask=1 \
		-artifact_prefix="$w/findings/" "$w/corpus" "$w/seeds" \
		>"$w/last.log" 2>&1 || true
	after=$(ls "$w/findings" | wc -l)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$w/last.log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$w/last.log" | tail -1)
	line=$(grep -E '^#[0-9]+' "$w/last.log" | grep ' cov: ' | tail -1)
	cov=$(echo "$line" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$line" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(echo "$line" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
	new=$((after - before))
	echo "fuzz-$h: $seconds s, ${execs:-0} execs (${rate:-0}/s), cov ${cov:-0}, ft ${ft:-0}, corpus ${corp:-0}, findings $new"
	if [ "$new" -gt 0 ]; then
		found=1
		ls -t "$w/findings" | head -"$new" | sed "s|^|  $w/findings/|"
		grep -E 'ERROR: |SUMMARY: |runtime error' "$w/last.log" | head -5 | sed 's/^/  /'
	fi
done
exit "$found"
