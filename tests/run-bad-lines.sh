#!/bin/sh
# Damaged lines inside real reports: CRLF, latin-1 bytes, NUL bytes in a
# frame, a 1 MB line in the middle of a trace, the trace alone, two
# reports interleaved line by line, a report cut in the middle of a frame, the whole log re-wrapped at 72 columns, and lines that all
# look cut (each costs a look at the next one).  Each: no crash, the
# report still found, its frames as in the clean log where they survive.
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

log=$CORPUS/b-healer-truncate_inode_page-pagetail.log

# The frames of every report, one per line, "report#: function".
frames() { # json-file
	"$PYTHON" -c '
import json, sys
for i, r in enumerate(json.load(open(sys.argv[1]))["reports"]):
    for f in r["record"]["frames"]:
        print(i, f["function"])
print("reports", len(json.load(open(sys.argv[1]))["reports"]))
' "$1"
}

no_crash() {
	if [ "$rc" -ge 2 ]; then
		tap_result 1 "$1: exit $rc"
		sed 's/^/# /' "$tmpdir/err" | head -10
	else
		tap_result 0 "$1: no crash, exit $rc"
	fi
}

same_frames() { # name
	frames "$tmpdir/out" >"$tmpdir/got"
	if cmp -s "$tmpdir/want" "$tmpdir/got"; then
		tap_result 0 "$1: same reports and frames as the clean log"
	else
		tap_result 1 "$1: same reports and frames as the clean log"
		diff "$tmpdir/want" "$tmpdir/got" | head -10 | sed 's/^/# /'
	fi
}

run_pagerace analyze --format=json "$log"
frames "$tmpdir/out" >"$tmpdir/want"
check "clean log has frames" grep -q '^0 ' "$tmpdir/want"

sed 's/$/\r/' "$log" >"$tmpdir/crlf.log"
run_pagerace analyze --format=json "$tmpdir/crlf.log"
no_crash "CRLF"
same_frames "CRLF"

# latin-1 "é" in the task name and in a non-frame line.
sed -e 's/Comm: syz-executor/Comm: syz-ex\xe9cutor/' -e 's/^Hardware name:/Hardware name: caf\xe9/' "$log" >"$tmpdir/latin1.log"
run_pagerace analyze --format=json "$tmpdir/latin1.log"
no_crash "latin-1 bytes"
same_frames "latin-1 bytes"

# A NUL byte after a frame's offset: the frame keeps its name.
awk '/truncate_inode_pages_range\+/ && !done { sub(/\/0x/, "/0x\0"); done = 1 } { print }' "$log" >"$tmpdir/nul.log"
run_pagerace analyze --format=json "$tmpdir/nul.log"
no_crash "NUL byte in a frame"
check "NUL byte in a frame: the report is found" grep -q "\"kind\":.*\"bug\"" "$tmpdir/out"

# A 1 MB line in the middle of the trace: the frames before it are kept.
awk 'NR == 1 { srand(1) } /truncate_bdev_range/ && !done { print; s = sprintf("%1048576s", ""); gsub(/ /, "x", s); print s; done = 1; next } { print }' "$log" >"$tmpdir/long.log"
run_pagerace analyze --format=json "$tmpdir/long.log"
no_crash "1 MB line in a trace"
frames "$tmpdir/out" >"$tmpdir/got"
check "1 MB line: the frames before it are kept" grep -q '^0 truncate_bdev_range' "$tmpdir/got"
check "1 MB line: no frame of its own" sh -c '! grep -q "^0 xxxx" "$1"' - "$tmpdir/got"

# The trace alone, pasted without anything before or after it: one report
# with the clean log's frames.
awk '/^Call Trace:/ { on = 1; next } on && /^ / { print; next } on { exit }' "$log" >"$tmpdir/frames-only.log"
run_pagerace analyze --format=json "$tmpdir/frames-only.log"
no_crash "only frames"
frames "$tmpdir/out" >"$tmpdir/got"
grep '^0 ' "$tmpdir/want" >"$tmpdir/want0"
grep '^0 \|^reports' "$tmpdir/got" >"$tmpdir/got0"
echo "reports 1" >>"$tmpdir/want0"
check "only frames: one report with the clean log's frames" cmp -s "$tmpdir/want0" "$tmpdir/got0"

# Cut in the middle of a frame line: every frame before the cut is kept.
n=$(grep -n 'truncate_bdev_range' "$log" | head -1 | cut -d: -f1)
head -n $((n - 1)) "$log" >"$tmpdir/cut.log"
printf ' [<ffffffff8137c4a7>] truncate_bdev_ra' >>"$tmpdir/cut.log"
run_pagerace analyze --format=json "$tmpdir/cut.log"
no_crash "cut in a frame"
frames "$tmpdir/out" >"$tmpdir/got"
check "cut in a frame: the frames before the cut" grep -q '^0 truncate_inode_pages_range' "$tmpdir/got"

# Two reports (of two Fedora machines) interleaved line by line, without
# printk caller ids to tell them apart: a report that holds frames of
# both says it is corrupted, and there is one.
one=$CORPUS/arch-x86_64-nct6775-kernfs-null-fedora.log
two=$CORPUS/arch-x86_64-tcp-twsk-refcount-fedora.log
awk 'NR == FNR { a[NR] = $0; n = NR; next } { b[FNR] = $0; m = FNR }
	END { for (i = 1; i <= (n > m ? n : m); i++) { if (i <= n) print a[i]; if (i <= m) print b[i] } }' \
	"$one" "$two" >"$tmpdir/interleaved.log"
run_pagerace analyze --format=json "$one"
frames "$tmpdir/out" >"$tmpdir/want-one"
run_pagerace analyze --format=json "$two"
frames "$tmpdir/out" >"$tmpdir/want-two"
run_pagerace analyze --format=json "$tmpdir/interleaved.log"
no_crash "interleaved reports"
check "interleaved reports: a record mixing both is corrupted" "$PYTHON" - "$tmpdir/out" "$tmpdir/want-one" "$tmpdir/want-two" <<'PY'
import json, sys
def names(path):
    return {l.split(" ", 1)[1].strip() for l in open(path) if l[0].isdigit()}
a, b = names(sys.argv[2]), names(sys.argv[3])
only_a, only_b = a - b, b - a
mixed = 0
for r in json.load(open(sys.argv[1]))["reports"]:
    got = {f["function"] for f in r["record"]["frames"]}
    if got & only_a and got & only_b:
        mixed += 1
        assert r["record"]["corrupted"], r["record"]["title"]
assert mixed, "no record mixes both: the test input no longer interleaves"
PY

# The log re-wrapped at 72 columns as a mail client does: lines broken at
# a space, the rest on a line of its own without the timestamp.
fold -s -w 72 "$log" | sed 's/ $//' >"$tmpdir/wrapped.log"
run_pagerace analyze --format=json "$tmpdir/wrapped.log"
no_crash "wrapped at 72 columns"
same_frames "wrapped at 72 columns"

# 200,000 lines that all look cut ("...RCX:", "... in", "[<ffff>]"):
# each is read twice at most, so this stays fast.
awk 'BEGIN { for (i = 0; i < 50000; i++) { print "RAX: 0000000000000000 RBX: 0000000000000000 RCX:"; print "BUG: KASAN: use-after-free in"; print " [<ffffffff81234567>]"; print "CPU: 0 PID: 1 Comm: x Not tainted" } }' >"$tmpdir/cut-looking.log"
start=$(date +%s)
run_pagerace analyze -q "$tmpdir/cut-looking.log"
secs=$(($(date +%s) - start))
no_crash "200,000 cut-looking lines"
tap_result $((secs > 60)) "200,000 cut-looking lines in $secs s"

# Logs the fuzzer once crashed the parser with (tests/data/fuzz-log), read
# from standard input as the harness feeds them: a file with their stray
# bytes would be refused as binary before the parser sees it.
for f in "$abs_srcdir"/tests/data/fuzz-log/*.log; do
	run_pagerace analyze --format=json - <"$f"
	no_crash "fuzz finding ${f##*/}"
done
tap_done
