#!/bin/sh
# Fuzzing benchmark: run each libFuzzer harness (tests/fuzz) for SECONDS
# (default 600), one at a time, and print its executions, coverage and
# findings (scripts/fuzz.sh does the work; its working corpora grow from
# run to run in BUILD/fuzz).
#
#   bench/fuzz.sh [SECONDS [HARNESS...]]
#
# BUILD is $PAGERACE_FUZZ_BUILD or build-fuzz in the source tree
# (configured with --enable-fuzzing CC=clang when absent).  Ends with
# the total CPU time and the number of findings.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
[ $# -gt 0 ] && shift
build=${PAGERACE_FUZZ_BUILD:-$top/build-fuzz}
start=$(date +%s)
rc=0
out=$(sh "$top/scripts/fuzz.sh" --seconds "$seconds" --build "$build" --src "$top" "$@") || rc=$?
echo "$out"
n=$(echo "$out" | sed -n 's/.*findings \([0-9]*\)$/\1/p' | awk '{s += $1} END {print s + 0}')
echo "bench/fuzz: $(echo "$out" | grep -c '^fuzz-') harnesses, $(( $(date +%s) - start )) s wall, $n findings (libFuzzer $(clang --version | head -1))"
exit "$rc"
