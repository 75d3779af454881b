#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Precision of the signatures on reports of other bugs: every crash report
# quoted by the kernel's CVE records (corpus/cve, fixes of bugs that are
# not the page-cache races), the near-miss and format samples of
# corpus/oops, and a mixed console log of at least MB megabytes (default
# 100) made of those reports between ordinary console lines.  Prints the
# share of reports that get "possible" or better, and the rate.
#
#   bench/precision.sh [BUILDDIR] [MB]
set -eu
srcdir=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-.}
mb=${2:-100}
pagerace=$build/pagerace
export PAGERACE_SIGNATURES="$srcdir/signatures"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

share() { # FILE of 'analyze -q' lines: "N reports, K possible or better (P%)"
	awk -F'\t' '{ n++ } $3 != "no-known-signature" { k++ }
		END { printf "%d reports, %d possible or better (%.2f%%)\n", n, k, n ? 100 * k / n : 0 }' "$1"
}

python3 "$srcdir/bench/precision.py" reports "$srcdir/corpus/cve/quoted-crashes.jsonl.xz" "$tmp/cve"
"$pagerace" analyze -q "$tmp"/cve/*.log >"$tmp/cve.q" 2>/dev/null || true
printf 'CVE-quoted reports (%s records): ' "$(ls "$tmp/cve" | wc -l)"
share "$tmp/cve.q"
awk -F'\t' '$3 != "no-known-signature"' "$tmp/cve.q" | sed 's/^/  verdict: /'

# Format samples are unrelated crashes; near-misses share a function or a
# message with a race on purpose and may reach "possible" (never likely).
for role in format near-miss; do
	grep -v '^file' "$srcdir/corpus/oops/SOURCES.tsv" | awk -F'\t' -v r="$role" '$3 == r { print $1 }' |
		while read -r f; do "$pagerace" analyze -q "$srcdir/corpus/oops/$f" 2>/dev/null || true; done >"$tmp/$role.q"
	printf 'corpus/oops %s samples: ' "$role"
	share "$tmp/$role.q"
	awk -F'\t' '$3 != "no-known-signature"' "$tmp/$role.q" | sed 's/^/  verdict: /'
done

rounds=$(python3 "$srcdir/bench/precision.py" mixed "$srcdir/corpus/cve/quoted-crashes.jsonl.xz" "$tmp/mixed.log" "$mb")
size=$(wc -c <"$tmp/mixed.log")
start=$(date +%s.%N)
"$pagerace" analyze -q "$tmp/mixed.log" >"$tmp/mixed.q" 2>/dev/null || true
end=$(date +%s.%N)
printf 'mixed console log, %d MB (%s rounds of the CVE reports): ' $((size >> 20)) "$rounds"
share "$tmp/mixed.q"
awk -v s="$start" -v e="$end" -v b="$size" 'BEGIN { printf "  %.1f s, %.1f MB/s\n", e - s, b / 1048576 / (e - s) }'
