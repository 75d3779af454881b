#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run-log-debug.sh - TAP test: 'pagerace analyze --vmlinux V --module-debug
# DIR LOG' on the kernel logs of the real vmcore corpus (one run per kernel
# series) gives every frame the source line and inline chain binutils'
# addr2line -i -f gives its address (tests/log-debug-compare.py), both at
# the call of a return address and at the address as printed; a vmlinux
# of another build (release, version, build id) or a module of another
# build is refused, --force-vmlinux uses it.  Skips without the corpus.
. "${abs_srcdir:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}/tests/test-subr.sh"
COMPARE=$abs_srcdir/tests/log-debug-compare.py

vmcore_each_corpus "$0"
require_vmcore_corpus
command -v addr2line >/dev/null && command -v readelf >/dev/null || {
	echo "1..0 # SKIP binutils (addr2line, readelf) not installed"
	exit 0
}
V=$VMCORE_VMLINUX
M=$VMCORE_DIR

logs=()
for dump in "$M"/*.kdump "$M"/*.elf; do
	[ -e "$dump" ] || continue
	b=$(basename "$dump")
	run_pagerace analyze --kernel-log "$dump"
	[ "$rc" -eq 0 ] || { tap_result 1 "$b: --kernel-log exit $rc"; continue; }
	cp "$tmpdir/out" "$tmpdir/$b.log"
	logs+=("$tmpdir/$b.log")
done
[ ${#logs[@]} -gt 0 ] || { tap_result 1 "the corpus in $M has no dumps"; tap_done; exit; }

for mode in call printed; do
	opt=
	[ $mode = printed ] && opt=--printed-addresses
	jsons=()
	for log in "${logs[@]}"; do
		run_pagerace analyze --format=json $opt --vmlinux "$V" \
			--module-debug "$M" "$log"
		if [ "$rc" -ne 0 ]; then
			tap_result 1 "$(basename "$log") ($mode): analyze exit $rc"
			sed 's/^/# /' "$tmpdir/err" | head -5
			continue
		fi
		cp "$tmpdir/out" "$log.$mode.json"
		jsons+=("$log.$mode.json")
	done
	"$PYTHON" "$COMPARE" "$V" "$M" $mode "${jsons[@]}" >"$tmpdir/cmp.tap" 2>&1 ||
		echo "not ok - log-debug-compare.py failed" >>"$tmpdir/cmp.tap"
	relay_tap "$tmpdir/cmp.tap"
done
check "JSON with inline chains validates against the schema" \
	validate_json "$abs_srcdir/schema/pagerace-analyze-2.schema.json" \
	"${logs[0]}.call.json"

# The checks of the vmlinux against the report, on the first log: its
# CPU: line names release and version; edited, it names another build.
log=${logs[0]}
rel=$(vmcore_json "$M/corpus.json" kernel_release)
cpu=$(grep -m1 -n " Comm: .* $rel " "$log" | cut -d: -f1)
if [ -z "$cpu" ]; then
	tap_result 1 "$(basename "$log") has a CPU: line naming $rel"
	tap_done
	exit
fi
edit() { sed "${cpu}s/$1/$2/" "$log" >"$tmpdir/edited.log"; }
has_sources() { grep -q '"source":[[:space:]]*"[^"]*:[0-9]' "$tmpdir/out"; }

edit " $rel " " ${rel}x "
expect_exit "another release is refused" 2 analyze --vmlinux "$V" "$tmpdir/edited.log"
re() { printf '%s' "$1" | sed 's/[].+*?^$()[]/\\&/g'; }
expect_stderr "the refusal names the vmlinux and both kernels" \
	"edited.log:[0-9]+: .*$(re "$(basename "$V")") is not the kernel of this report: its linux_banner is .*$(re "$rel")x"
expect_exit "--force-vmlinux uses it anyway" 0 analyze --force-vmlinux \
	--format=json --vmlinux "$V" "$tmpdir/edited.log"
check "forced, the frames have sources" has_sources
edit " #1 " " #2 "
expect_exit "another version (#2) is refused" 2 analyze --vmlinux "$V" "$tmpdir/edited.log"
bid=$(readelf -n "$V" | awk '/Build ID:/ { print $3; exit }')
if [ -n "$bid" ]; then
	sed "${cpu}s/\$/ $bid/" "$log" >"$tmpdir/edited.log"
	expect_exit "the vmlinux's own build id on the CPU: line is accepted" 0 \
		analyze --format=json --vmlinux "$V" "$tmpdir/edited.log"
	check "with the build id, the frames have sources" has_sources
	other=$(printf '%s' "$bid" | tr '0-9a-f' '1-9a-f0')
	sed "${cpu}s/\$/ $other/" "$log" >"$tmpdir/edited.log"
	expect_exit "another build id is refused" 2 analyze --vmlinux "$V" "$tmpdir/edited.log"
	expect_stderr "the refusal gives both build ids" "build id is $bid, the report's is $other"
fi
sed "${cpu}d" "$log" >"$tmpdir/edited.log"
expect_exit "a report that does not name its kernel is refused" 2 \
	analyze --vmlinux "$V" "$tmpdir/edited.log"
expect_stderr "the refusal says why" "names neither its kernel's release nor its build id"

# A module frame with a build id ("[mod 0a1b...]", CONFIG_STACKTRACE_BUILD_ID).
mod=$(grep -o -m1 '+0x[0-9a-f]*/0x[0-9a-f]* \[[a-z_0-9]*\]$' "$log" | sed 's/.*\[\(.*\)\]/\1/')
ko=$M/$mod.ko
[ -f "$ko" ] || ko=$M/$(echo "$mod" | tr _ -).ko
if [ -n "$mod" ] && [ -f "$ko" ]; then
	kid=$(readelf -n "$ko" | awk '/Build ID:/ { print $3; exit }')
	sed "s/\(+0x[0-9a-f]*\/0x[0-9a-f]*\) \[$mod\]$/\1 [$mod $kid]/" "$log" >"$tmpdir/edited.log"
	expect_exit "frames of $mod with its build id are accepted" 0 analyze \
		--format=json --vmlinux "$V" --module-debug "$M" "$tmpdir/edited.log"
	count_mod() { grep -Ec "\"module\":[[:space:]]*\"$mod\"" "$1"; }
	want=$(count_mod "$log.call.json")
	got=$(count_mod "$tmpdir/out")
	check "frames with a build id keep their module ($got of $want)" \
		test "$got" -eq "$want" -a "$want" -gt 0
	"$PYTHON" "$COMPARE" "$V" "$M" call "$tmpdir/out" >"$tmpdir/cmp.tap" 2>&1
	check "frames with a build id agree with addr2line" grep -q '^ok - ' "$tmpdir/cmp.tap"
	other=$(printf '%s' "$kid" | tr '0-9a-f' '1-9a-f0')
	sed "s/\(+0x[0-9a-f]*\/0x[0-9a-f]*\) \[$mod\]$/\1 [$mod $other]/" "$log" >"$tmpdir/edited.log"
	expect_exit "a $mod.ko of another build is refused" 2 analyze \
		--vmlinux "$V" --module-debug "$M" "$tmpdir/edited.log"
	expect_stderr "the refusal names the module file" "$mod.ko is not the module of this report"
fi

expect_exit "a missing vmlinux" 2 analyze --vmlinux "$tmpdir/none" "$log"
expect_stderr "names the file" "none: cannot open"
expect_exit "a vmlinux that is not ELF" 2 analyze --vmlinux "$log" "$log"
expect_stderr "says so" "not an ELF file"
expect_exit "a vmlinux without DWARF" 2 analyze --vmlinux /bin/true "$log"
expect_stderr "says so" "true: no DWARF debug info"
tap_done
