#!/bin/sh
# Quick start, second command: install, build, and run the whole test
# suite twice, in a normal build and in an ASan+UBSan build, run each
# fuzzing harness for 60 s ($PAGERACE_FUZZ_SECONDS), then make distcheck;
# ends with "N passed, N failed" over all of them.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
# What the host looks like before: compared at the end, where only the
# declared packages may have been added (scripts/host-unchanged.sh).
host_before=$(mktemp)
trap 'rm -f "$host_before"' EXIT
sh "$top/scripts/host-unchanged.sh" snapshot "$host_before"
sh "$top/scripts/install-deps.sh" || exit 1
status=0
passed=0
failed=0

# The real vmcore corpus, one per kernel series (6.1 and 6.12 by default,
# PAGERACE_VMCORE_SERIES to choose): each series' Debian kernel under QEMU
# in its own debootstrap root, captured by kdump; the host's boot setup is
# not touched.  The vmcore tests read it, and skip when it is absent.
# Building it is part of the suite, so a failure counts.
if [ "${PAGERACE_SKIP_VMCORES:-}" = 1 ]; then
	echo "check: PAGERACE_SKIP_VMCORES=1: not building the vmcore corpus"
elif t0=$(date +%s) && bash "$top/corpus/vmcore/make-corpus.sh"; then
	echo "check: vmcore corpus ready ($(( $(date +%s) - t0 )) s)"
else
	echo "check: building the vmcore corpus failed"
	failed=$((failed + 1))
	status=1
fi
for variant in normal asan; do
	dir=$top/build-check-$variant
	rm -rf "$dir"
	case $variant in
	normal) args="--enable-compiler-warnings=error" ;;
	asan) args="--enable-sanitizers" ;;
	esac
	# shellcheck disable=SC2086
	if ! sh "$top/scripts/build.sh" "$dir" $args; then
		echo "check: the $variant build failed"
		failed=$((failed + 1))
		status=1
		continue
	fi
	make -C "$dir" -s -j2 check >"$dir/check.out" 2>&1 || status=1
	grep -E '^(PASS|FAIL|ERROR|XPASS|SKIP|XFAIL):' "$dir/check.out" | sed "s/^/[$variant] /" | grep -v '^\[.*\] PASS' || true
	p=$(grep -c '^PASS:' "$dir/check.out")
	f=$(grep -Ec '^(FAIL|ERROR|XPASS):' "$dir/check.out")
	echo "check: $variant build: $p passed, $f failed"
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -ne 0 ]; then
		for log in $(find "$dir/tests" -name '*.log'); do
			grep -E '^(not ok|#)' "$log" | head -20 | sed "s|^|$(basename "$log"): |"
		done
	fi
done
# Fuzzing: each libFuzzer harness (tests/fuzz) runs for 60 s in a clang
# build; a harness that finds a crash, leak or timeout is a failure.
dir=$top/build-check-fuzz
if sh "$top/scripts/fuzz.sh" --seconds "${PAGERACE_FUZZ_SECONDS:-60}" --build "$dir" >"$top/fuzz.out" 2>&1; then
	:
fi
cat "$top/fuzz.out"
p=$(grep -c 'findings 0$' "$top/fuzz.out")
f=$(grep -c '^fuzz-' "$top/fuzz.out")
f=$((f - p))
[ "$p" -eq 0 ] && [ "$f" -eq 0 ] && f=1	# nothing ran: the fuzz build failed
echo "check: fuzzing: $p passed, $f failed"
passed=$((passed + p))
failed=$((failed + f))
rm -f "$top/fuzz.out"

# The release tarball builds and passes its own tests (make distcheck).
if make -C "$top/build-check-normal" -s distcheck >"$top/build-check-normal/distcheck.out" 2>&1; then
	echo "check: make distcheck passed"
	passed=$((passed + 1))
else
	echo "check: make distcheck failed:"
	tail -20 "$top/build-check-normal/distcheck.out"
	failed=$((failed + 1))
fi
# The Debian package builds, passes lintian and installs in a clean root
# (skipped, not failed, when debootstrap cannot reach the registry).
sh "$top/scripts/test-deb.sh" "$top/build-check-normal/deb"
case $? in
0) passed=$((passed + 1)) ;;
77) echo "check: the Debian package test was skipped" ;;
*) failed=$((failed + 1)) ;;
esac
# Nothing above touched the host but the declared packages.
if sh "$top/scripts/host-unchanged.sh" compare "$host_before"; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && exit "$status"
exit 1
