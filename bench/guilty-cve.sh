#!/bin/sh
# Guilty-frame agreement with the fix messages of the kernel CVE records
# (corpus/cve), this pagerace against the one of a base commit:
#
#   bench/guilty-cve.sh [PAGERACE] [BASE-COMMIT]
#
# The base commit (default 76a1c62, the last one before the guilty-frame
# rules of data/infra/) is built once under ${TMPDIR:-/tmp} and reused.
# Prints, for the quoted text as pasted and with each line's leading
# blanks removed (--dedent), the shares of records with a report, with a
# guilty frame, and whose guilty function the fix message names outside
# the quoted report: a PROXY for "the frame a developer blames"; see
# bench/guilty-cve.py for what it does and does not measure.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
pagerace=${1:-$top/build/pagerace}
base=${2:-76a1c62}
export PAGERACE_SIGNATURES=$top/signatures
tmp=${TMPDIR:-/tmp}
src=$tmp/pagerace-guilty-base-$base
if [ ! -x "$src/build/pagerace" ]; then
	echo "building $base in $src (once)" >&2
	rm -rf "$src"
	mkdir -p "$src"
	git -C "$top" archive "$base" | tar -x -C "$src"
	sh "$src/scripts/build.sh" "$src/build" >"$src/build.log" 2>&1 ||
		{ echo "build of $base failed: $src/build.log" >&2; exit 1; }
fi
corpus=$top/corpus/cve/quoted-crashes.jsonl.xz
for mode in "" --dedent; do
	for half in "" dev held; do
		echo "== ${mode:-as pasted}${half:+, $half half}"
		python3 "$top/bench/guilty-cve.py" --jobs 2 $mode ${half:+--half $half} \
			"$corpus" "$pagerace" "$src/build/pagerace"
	done
done
