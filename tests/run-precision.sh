#!/bin/sh
# Precision: reports of other bugs stay without a verdict.  Every crash
# report quoted by the kernel's CVE records (corpus/cve: fixes of bugs
# that are not the page-cache races), alone and inside a mixed console log
# between ordinary console lines, and the format samples of corpus/oops:
# fewer than 1% may get "possible" or better (bench/precision.sh prints
# the figures, with a 100 MB mixed log).
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

cve=$abs_srcdir/corpus/cve/quoted-crashes.jsonl.xz
if [ ! -r "$cve" ]; then
	echo "1..0 # SKIP no $cve"
	exit 0
fi

# below_1pct FILE NAME: at least MIN reports, under 1% at possible or above.
below_1pct() {
	awk -F'\t' -v min="$3" '{ n++ } $3 != "no-known-signature" { k++; print "# verdict: " $0 }
		END { printf "# %d reports, %d possible or better\n", n, k; exit !(n >= min && 100 * k < n) }' "$1"
	tap_result $? "$2"
}

"$PYTHON" "$abs_srcdir/bench/precision.py" reports "$cve" "$tmpdir/cve"
"$PAGERACE" analyze -q "$tmpdir"/cve/*.log >"$tmpdir/cve.q" 2>"$tmpdir/err"
tap_result $(($? > 1)) "analyze the CVE-quoted reports"
below_1pct "$tmpdir/cve.q" "CVE-quoted reports of other bugs: under 1% possible or better" 3000

"$PYTHON" "$abs_srcdir/bench/precision.py" mixed "$cve" "$tmpdir/mixed.log" 12 >/dev/null
"$PAGERACE" analyze -q "$tmpdir/mixed.log" >"$tmpdir/mixed.q" 2>"$tmpdir/err"
tap_result $(($? > 1)) "analyze a 12 MB mixed console log"
below_1pct "$tmpdir/mixed.q" "mixed console log: under 1% possible or better" 2000

grep -v '^file' "$CORPUS/SOURCES.tsv" | awk -F'\t' '$3 == "format" { print $1 }' |
	while read -r f; do "$PAGERACE" analyze -q "$CORPUS/$f" 2>/dev/null; done >"$tmpdir/format.q"
below_1pct "$tmpdir/format.q" "corpus/oops format samples: no verdict" 5
tap_done
