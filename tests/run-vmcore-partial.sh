#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Dumps are read as far as they go, on a real kdump-compressed dump and a
# QEMU ELF core of the vmcore corpus: cut at 10 sizes between the end of its headers and its
# end (a disk that filled while makedumpfile wrote it), each cut reads
# without a crash, says it is incomplete and what is missing, and gives at
# least as much (kernel log lines, frames, tasks, pages) as every smaller
# cut; the same dump as a makedumpfile flattened stream (makedumpfile -F),
# whole and cut, and compressed with gzip, xz and zstd, reads like the
# dump itself.
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

require_vmcore_corpus
KDUMP=$(ls "$VMCORE_DIR"/*-kdump.kdump 2>/dev/null | head -1)
if [ -z "$KDUMP" ]; then
	echo "1..0 # SKIP no kdump-compressed dump in $VMCORE_DIR"
	exit 0
fi
echo "# dump: $KDUMP"
LIMIT=${PAGERACE_VMCORE_TIMEOUT:-120}
printf 'leak:libkdumpfile.so\n' >"$tmpdir/lsan.supp"
export LSAN_OPTIONS="suppressions=$tmpdir/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

# run_bounded and dump_no_crash: tests/test-subr.sh.
no_crash() { dump_no_crash "$@"; }

# dump_cuts, dump_measure: tests/test-subr.sh.
measure() { dump_measure "$1" "$2" --vmlinux "$VMCORE_VMLINUX"; }

dump_cuts "$KDUMP" kdump '.* pages .* missing' --vmlinux "$VMCORE_VMLINUX"
whole=$now

# QEMU's ELF cores (dump-guest-memory) write their section-name table
# after the memory: a cut one is read from its program headers alone.
for elf in "$VMCORE_DIR"/*-qemu-elf.elf; do
	[ -e "$elf" ] || continue
	echo "# ELF core: $elf"
	dump_cuts "$elf" "$(basename "$elf" .elf)" '.*(segments, are missing|section-name table)' \
		--vmlinux "$VMCORE_VMLINUX"
	break
done

# makedumpfile's flattened stream of the same dump, and the stream cut
# in half (what a pipe that broke leaves).
if command -v makedumpfile >/dev/null; then
	# Against the same makedumpfile's plain dump, not the corpus's: the
	# host's makedumpfile re-filters pages of kernels newer than it knows
	# (1.7.2 on a 6.12 dump keeps 47 of its 65 tasks' stacks, and so does
	# its own -R of the stream).
	makedumpfile -d 31 "$KDUMP" "$tmpdir/plain.kdump" >/dev/null 2>&1
	measure "$tmpdir/plain.kdump" "makedumpfile's plain dump"
	plain=$now
	rm -f "$tmpdir/plain.kdump"
	makedumpfile -F -d 31 "$KDUMP" >"$tmpdir/flat.kdump" 2>/dev/null
	measure "$tmpdir/flat.kdump" "flattened stream"
	tap_result $([ "$now" = "$plain" ]; echo $?) "flattened stream: reads as the same makedumpfile's dump ($now vs $plain)"
	head -c $(($(stat -c %s "$tmpdir/flat.kdump") / 2)) "$tmpdir/flat.kdump" >"$tmpdir/flatcut.kdump"
	run_bounded analyze --dump-info "$tmpdir/flatcut.kdump"
	no_crash "flattened stream cut in half"
	check "flattened stream cut in half: incomplete" grep -q '^complete: no: ' "$tmpdir/out"
else
	tap_result 0 "# SKIP makedumpfile is not installed"
fi

# Compressed dumps: unpacked into a temporary file.
for z in "gzip -1" "xz -0 -T1" "zstd -1 -q"; do
	tool=${z%% *}
	if ! command -v "$tool" >/dev/null; then
		tap_result 0 "# SKIP $tool is not installed"
		continue
	fi
	$z -c "$KDUMP" >"$tmpdir/dump.z"
	measure "$tmpdir/dump.z" "$tool-compressed dump"
	tap_result $([ "$now" = "$whole" ]; echo $?) "$tool-compressed dump: reads as the dump ($now vs $whole)"
done
# A compressed dump cut short: read as far as it goes.
size=$(stat -c %s "$KDUMP")
gzip -1 -c "$KDUMP" | head -c $((size / 4)) >"$tmpdir/cut.gz"
run_bounded analyze --dump-info "$tmpdir/cut.gz"
no_crash "gzip-compressed dump cut short"
check "gzip-compressed dump cut short: incomplete, says why" grep -q '^complete: no: .*gzip' "$tmpdir/out"
rm -f "$tmpdir"/*.kdump "$tmpdir"/*.z "$tmpdir"/*.gz
tap_done
