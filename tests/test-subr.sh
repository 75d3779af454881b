# SPDX-License-Identifier: GPL-2.0-or-later
# Shared set-up for the TAP test scripts (sourced).  Modelled on elfutils'
# tests/test-subr.sh: a private directory per test, LC_ALL=C, TAP output.
set -u
: "${abs_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${PAGERACE:=$abs_srcdir/pagerace}"
: "${PAGERACE_SIGNATURES:=$abs_srcdir/signatures}"
# No known-bugs file unless a test names one: an installed one must not
# change what the other tests see (or cost them its loading).
: "${PAGERACE_KB=}"
export PAGERACE_SIGNATURES PAGERACE_KB LC_ALL=C
# Debian's interpreter: python3-jsonschema and python3-drgn live there.
PYTHON=${PYTHON:-/usr/bin/python3}
CORPUS=$abs_srcdir/corpus/oops
tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/pagerace-test.XXXXXX")
trap 'rm -rf "$tmpdir"' EXIT
tap_n=0
tap_failed=0

# ok COND-EXIT-STATUS NAME: one TAP line.
tap_result() {
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

# check NAME COMMAND...: passes when COMMAND exits 0; shows its output if not.
check() {
	local name=$1
	shift
	if "$@" >"$tmpdir/check.out" 2>&1; then
		tap_result 0 "$name"
	else
		tap_result 1 "$name"
		sed 's/^/# /' "$tmpdir/check.out" | head -40
	fi
}

# run_pagerace ARGS...: runs the binary, stdout in $tmpdir/out, stderr in
# $tmpdir/err, exit status in $rc.
# A sanitizer report is a failure whatever the exit status says (UBSan
# and ASan exit 1, which is also "nothing found"): rc becomes 99.
run_pagerace() {
	rc=0
	"$PAGERACE" "$@" >"$tmpdir/out" 2>"$tmpdir/err" || rc=$?
	if grep -Eq -e 'runtime error:' -e 'ERROR: [A-Za-z]+Sanitizer' "$tmpdir/err"; then
		rc=99
		sed 's/^/# sanitizer: /' "$tmpdir/err" | head -20
	fi
}

# expect_exit NAME CODE ARGS...: the binary exits with CODE.
expect_exit() {
	local name=$1 want=$2
	shift 2
	run_pagerace "$@"
	if [ "$rc" -eq "$want" ]; then
		tap_result 0 "$name (exit $want)"
	else
		tap_result 1 "$name (exit $rc, want $want)"
		sed 's/^/# stderr: /' "$tmpdir/err" | head -10
	fi
}

# expect_stderr NAME REGEX: the last run's stderr matches REGEX.
expect_stderr() {
	if grep -Eq -- "$2" "$tmpdir/err"; then
		tap_result 0 "$1"
	else
		tap_result 1 "$1"
		echo "# want stderr matching: $2"
		sed 's/^/# stderr: /' "$tmpdir/err" | head -10
	fi
}

# tap_skip N REASON: N skipped results.
tap_skip() {
	local i
	for i in $(seq "$1"); do
		tap_n=$((tap_n + 1))
		echo "ok $tap_n # SKIP $2"
	done
}

# test_hooks: whether $PAGERACE is a test build, which honours
# PAGERACE_TEST_FAULT (configure --enable-test-hooks, scripts/build.sh).
test_hooks() {
	"$PAGERACE" --version 2>/dev/null | grep -q 'test build'
}

tap_done() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# relay_tap FILE: count the "ok - NAME" / "not ok - NAME" lines of FILE
# (written by a loop in a subshell) as results of this script.
relay_tap() {
	while read -r line; do
		case $line in
		"not ok - "*" # TODO "*)
			tap_n=$((tap_n + 1))
			echo "not ok $tap_n - ${line#not ok - }" ;;
		"ok - "*) tap_result 0 "${line#ok - }" ;;
		"not ok - "*"# TODO"*) tap_n=$((tap_n + 1)); echo "not ok $tap_n - ${line#not ok - }" ;;
		"not ok - "*) tap_result 1 "${line#not ok - }" ;;
		*) echo "$line" ;;
		esac
	done <"$1"
}

# vmcore_corpora: VMCORE_DIRS, every real vmcore corpus (a directory with
# corpus.json) under $PAGERACE_VMCORE_DIR, else corpus/vmcore/cache: that
# directory itself, its "current", and the "current" of each kernel series
# in it (make-corpus.sh writes ROOT/SERIES/current); returns 1 when there
# is none.  VMCORE_ROOT is where it looked, for skip messages.
vmcore_corpora() {
	VMCORE_ROOT=${PAGERACE_VMCORE_DIR:-$abs_srcdir/corpus/vmcore/cache}
	VMCORE_DIRS=
	for d in "$VMCORE_ROOT" "$VMCORE_ROOT/current" "$VMCORE_ROOT"/*/current; do
		[ -r "$d/corpus.json" ] && VMCORE_DIRS="$VMCORE_DIRS $(cd "$d" && pwd -P)"
	done
	VMCORE_DIRS=${VMCORE_DIRS# }
	[ -n "$VMCORE_DIRS" ]
}

# vmcore_corpus: set VMCORE_DIR to the (first) real vmcore corpus, and
# VMCORE_LABEL to its series; returns 1 when there is none.  With several
# corpora, call vmcore_each_corpus first.
vmcore_corpus() {
	VMCORE_DIR=
	vmcore_corpora || return 1
	VMCORE_DIR=${VMCORE_DIRS%% *}
	VMCORE_LABEL=$(vmcore_json "$VMCORE_DIR/corpus.json" series)
	vmcore_python_for "$VMCORE_DIR"
}

# vmcore_json FILE KEY: a top-level value of a JSON file ("" when absent).
vmcore_json() {
	"$PYTHON" -c 'import json,sys; v=json.load(open(sys.argv[1])).get(sys.argv[2]); print("" if v is None else v)' "$1" "$2"
}

# vmcore_each_corpus SCRIPT: with more than one corpus (one per kernel
# series), run SCRIPT once per corpus with PAGERACE_VMCORE_DIR set to it
# and relay its TAP lines, named "SERIES: ...", as this script's; then exit
# with their combined status.  With one corpus or none it returns.
vmcore_each_corpus() {
	[ -n "${PAGERACE_VMCORE_ONE:-}" ] && return 0
	vmcore_corpora || return 0
	case $VMCORE_DIRS in *" "*) ;; *) return 0 ;; esac
	for d in $VMCORE_DIRS; do
		label=$(vmcore_json "$d/corpus.json" series)
		label=${label:-$(basename "$d")}
		# a failed run that reported no failed test (a crash, no plan) is one
		PAGERACE_VMCORE_ONE=1 PAGERACE_VMCORE_DIR=$d bash "$1" >"$tmpdir/each.tap" 2>&1 ||
			grep -q '^not ok' "$tmpdir/each.tap" ||
			echo "not ok 0 - $(basename "$1") on $d failed" >>"$tmpdir/each.tap"
		while IFS= read -r line; do
			case $line in
			"1..0 # SKIP"*) tap_n=$((tap_n + 1)); echo "ok $tap_n - $label: # SKIP${line#1..0 # SKIP}" ;;
			1..*) ;;
			"not ok "*"# TODO"*) tap_n=$((tap_n + 1)); echo "not ok $tap_n - $label: $(echo "$line" | sed 's/^not ok [0-9]* *-* *//')" ;;
			"ok "*) tap_result 0 "$label: $(echo "$line" | sed 's/^ok [0-9]* *-* *//')" ;;
			"not ok "*) tap_result 1 "$label: $(echo "$line" | sed 's/^not ok [0-9]* *-* *//')" ;;
			*) echo "$line" ;;
			esac
		done <"$tmpdir/each.tap"
	done
	tap_done
	exit
}

# vmcore_python_for DIR: VMCORE_IN_ROOT, the series root of the corpus in
# DIR when it can be entered (root, in-root.sh), so that vmcore_py runs the
# drgn of the kernel's own Debian suite; else empty (the host's drgn).
vmcore_python_for() {
	VMCORE_IN_ROOT=$(vmcore_json "$1/corpus.json" root)
	if [ -z "$VMCORE_IN_ROOT" ] || [ ! -e "$VMCORE_IN_ROOT/.complete" ] ||
		[ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null; then
		VMCORE_IN_ROOT=
	fi
}

# vmcore_oracle OUT ERR ARGS...: vmcore_py ARGS with stdout to OUT and
# stderr to ERR, run once more when it died by a signal.  The process is
# drgn's alone (pagerace's documents were made before): a drgn 0.0.22 that
# died by SIGSEGV once in a CI run on the 6.1 corpus and passed when run
# again is the oracle's fault, not a finding about pagerace.  Returns the
# last run's status.
vmcore_oracle() {
	local out=$1 err=$2 status attempt
	shift 2
	for attempt in 1 2; do
		status=0
		vmcore_py "$@" >"$out" 2>"$err" || status=$?
		[ "$status" -gt 128 ] || break
		echo "# the drgn oracle died by signal $((status - 128)) (run $attempt)"
	done
	return "$status"
}

# vmcore_py ARGS...: python3 with drgn for the current corpus: the series
# root's (in-root.sh; the corpus, the test's directory and the source tree
# are visible at their paths), else $PYTHON.
vmcore_py() {
	if [ -n "${VMCORE_IN_ROOT:-}" ]; then
		bash "$abs_srcdir/corpus/vmcore/in-root.sh" "$VMCORE_IN_ROOT" \
			--bind "$(dirname "$VMCORE_IN_ROOT")" --bind "$tmpdir" --bind "$abs_srcdir" \
			-- /usr/bin/python3 "$@"
	else
		"$PYTHON" "$@"
	fi
}

# require_vmcore_corpus: vmcore_corpus, plus VMCORE_VMLINUX (the corpus's
# vmlinux with debug info); a script without them is skipped whole.
require_vmcore_corpus() {
	if ! vmcore_corpus; then
		echo "1..0 # SKIP no vmcore corpus (corpus/vmcore/make-corpus.sh)"
		exit 0
	fi
	VMCORE_VMLINUX=$(vmcore_json "$VMCORE_DIR/corpus.json" vmlinux)
	if [ ! -r "$VMCORE_VMLINUX" ]; then
		echo "1..0 # SKIP $VMCORE_VMLINUX is not installed"
		exit 0
	fi
}

# analyze_corpus DIR: 'pagerace analyze --format=json' on every dump of
# the corpus (require_vmcore_corpus first), each into DIR/DUMP.json; an
# exit above 1 is a failed test.
analyze_corpus() {
	mkdir -p "$1"
	for dump in "$VMCORE_DIR"/*.kdump "$VMCORE_DIR"/*.elf; do
		[ -e "$dump" ] || continue
		run_pagerace analyze --format=json --vmlinux "$VMCORE_VMLINUX" \
			--module-debug "$VMCORE_DIR" "$dump"
		if [ "$rc" -gt 1 ]; then
			tap_result 1 "$(basename "$dump"): analyze exit $rc"
			sed 's/^/# /' "$tmpdir/err" | head -5
		fi
		cp "$tmpdir/out" "$1/$(basename "$dump").json"
	done
}

# validate_json SCHEMA FILE: exit 0 when FILE validates against SCHEMA (a
# JSON Schema 2020-12 document); the first errors are printed as comments.
validate_json() {
	"$PYTHON" - "$1" "$2" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
doc = json.load(open(sys.argv[2]))
errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=str)
for e in errors[:5]:
    print("#", "/".join(map(str, e.absolute_path)), e.message[:200])
sys.exit(1 if errors else 0)
PY
}

# run_bounded ARGS...: run_pagerace without the sanitizer check, killed
# after $LIMIT seconds (default 120).
run_bounded() {
	rc=0
	timeout "${LIMIT:-120}" "$PAGERACE" "$@" >"$tmpdir/out" 2>"$tmpdir/err" || rc=$?
}

# dump_no_crash NAME: the last run_bounded was no crash.  A signal, a
# timeout or a sanitizer report is a crash whatever the exit code; a clean
# run is exit 0 (partial report) or 2 (clear input error).
dump_no_crash() {
	if [ "$rc" -ge 124 ] || grep -Eq -e 'ERROR: [A-Za-z]+Sanitizer' -e 'runtime error' "$tmpdir/err"; then
		tap_result 1 "$1: no crash, bounded time (exit $rc)"
		sed 's/^/# /' "$tmpdir/err" | head -20
	elif [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then
		tap_result 1 "$1: exit $rc, want 0 or 2"
		sed 's/^/# /' "$tmpdir/err" | head -5
	else
		tap_result 0 "$1: no crash (exit $rc)"
	fi
}

# dump_headers_end DUMP: where the headers a reader needs end: a kdump's
# header, sub-header and bitmaps ((1 + sub_hdr_size + bitmap_blocks)
# blocks); an ELF core's program headers and notes.
dump_headers_end() {
	"$PYTHON" - "$1" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read(1 << 20)
if d[:8] == b"KDUMP   ":
    bs, sub, bitmap = struct.unpack_from("<III", d, 428)
    print((1 + sub + bitmap) * bs)
else:
    phoff, = struct.unpack_from("<Q", d, 32)
    n, = struct.unpack_from("<H", d, 56)
    end = phoff + 56 * n
    for i in range(n):
        t, _, off, _, _, filesz, _, _ = struct.unpack_from("<IIQQQQQQ", d, phoff + 56 * i)
        if t == 4:
            end = max(end, off + filesz)
    print(end)
PY
}

# dump_measure FILE NAME ARGS...: what a dump gives, "LOGLINES FRAMES
# TASKS PAGES" (its --kernel-log, and the report of 'analyze
# --format=json ARGS'), in $now (no subshell: the TAP counters are this
# shell's); the analysis is a test of no crash (dump_no_crash).
dump_measure() {
	local file=$1 name=$2 log=0 facts="0 0 0"
	shift 2
	run_bounded analyze --kernel-log "$file"
	[ "$rc" -eq 0 ] && log=$(wc -l <"$tmpdir/out")
	run_bounded analyze --format=json "$@" "$file"
	dump_no_crash "$name: analyze"
	if [ "$rc" -eq 0 ]; then
		facts=$("$PYTHON" -c 'import json, sys
r = json.load(open(sys.argv[1]))["reports"]
rec = r[0]["record"] if r else {}
print(len(rec.get("frames") or []), len(rec.get("tasks") or []), len(rec.get("pages") or []))' "$tmpdir/out")
	fi
	now="$log $facts"
}

# dump_at_least NOW PREV: every figure of NOW (dump_measure) is at least
# PREV's.
dump_at_least() {
	# shellcheck disable=SC2086
	set -- $1 $2
	[ "$1" -ge "$5" ] && [ "$2" -ge "$6" ] && [ "$3" -ge "$7" ] && [ "$4" -ge "$8" ]
}

# dump_cuts DUMP LABEL LACKS ARGS...: DUMP cut at 10 sizes between the
# end of its headers and its end (a disk that filled while the dump was
# written): each cut reads without a crash, its --dump-info says
# "complete: no: " and matches the regex LACKS (what is missing), the
# whole says "complete: yes", each gives at least what every smaller cut
# gave (dump_measure with ARGS), a cut's report is marked
# vmcore-incomplete, and the whole has a kernel log.  $now is
# then the whole dump's measure.
dump_cuts() {
	local dump=$1 label=$2 lacks=$3 size hdr_end i cut name prev="0 0 0 0" prev_cut=0
	shift 3
	size=$(stat -c %s "$dump")
	hdr_end=$(dump_headers_end "$dump")
	for i in 1 2 3 4 5 6 7 8 9 10; do
		cut=$((hdr_end + (size - hdr_end) * i / 10))
		head -c "$cut" "$dump" >"$tmpdir/cut.dump"
		name="$label cut at $cut of $size bytes"
		run_bounded analyze --dump-info "$tmpdir/cut.dump"
		dump_no_crash "$name: --dump-info"
		if [ "$cut" -lt "$size" ]; then
			check "$name: says what it lacks" grep -Eq "^complete: no: $lacks" "$tmpdir/out"
		else
			check "$name (whole): complete" grep -q '^complete: yes' "$tmpdir/out"
		fi
		dump_measure "$tmpdir/cut.dump" "$name" "$@"
		if [ "$rc" -eq 0 ] && [ "$cut" -lt "$size" ]; then
			check "$name: the report is marked vmcore-incomplete" \
				grep -q '"vmcore-incomplete"' "$tmpdir/out"
		fi
		echo "# $name: log lines, frames, tasks, pages: $now"
		dump_at_least "$now" "$prev"
		tap_result $? "$name gives at least what the cut at $prev_cut gave ($now vs $prev)"
		prev=$now
		prev_cut=$cut
	done
	rm -f "$tmpdir/cut.dump"
	[ "${now%% *}" -gt 0 ]
	tap_result $? "$label: the whole dump has its kernel log (${now%% *} lines)"
}
