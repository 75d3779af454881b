# SPDX-License-Identifier: GPL-2.0-or-later
# Shared set-up for the TAP test scripts (sourced).  Modelled on elfutils'
# tests/test-subr.sh: a private directory per test, LC_ALL=C, TAP output.
set -u
: "${abs_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${PAGERACE:=$abs_srcdir/pagerace}"
: "${PAGERACE_SIGNATURES:=$abs_srcdir/signatures}"
export PAGERACE_SIGNATURES LC_ALL=C
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
	if grep -q -e 'runtime error:' -e 'Sanitizer' "$tmpdir/err"; then
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

tap_done() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# relay_tap FILE: count the "ok - NAME" / "not ok - NAME" lines of FILE
# (written by a loop in a subshell) as results of this script.
relay_tap() {
	while read -r line; do
		case $line in
		"ok - "*) tap_result 0 "${line#ok - }" ;;
		"not ok - "*) tap_result 1 "${line#not ok - }" ;;
		*) echo "$line" ;;
		esac
	done <"$1"
}

# vmcore_corpus: set VMCORE_DIR to the real vmcore corpus (a directory with
# corpus.json: $PAGERACE_VMCORE_DIR, or the "current" corpus of that cache
# root, else of corpus/vmcore/cache); returns 1 when there is none.
# VMCORE_ROOT is where it looked, for skip messages.
vmcore_corpus() {
	VMCORE_ROOT=${PAGERACE_VMCORE_DIR:-$abs_srcdir/corpus/vmcore/cache}
	for VMCORE_DIR in "$VMCORE_ROOT" "$VMCORE_ROOT/current"; do
		if [ -r "$VMCORE_DIR/corpus.json" ]; then
			VMCORE_DIR=$(cd "$VMCORE_DIR" && pwd -P)
			return 0
		fi
	done
	VMCORE_DIR=
	return 1
}

# require_vmcore_corpus: vmcore_corpus, plus VMCORE_VMLINUX (the corpus's
# vmlinux with debug info); a script without them is skipped whole.
require_vmcore_corpus() {
	if ! vmcore_corpus; then
		echo "1..0 # SKIP no vmcore corpus (corpus/vmcore/make-corpus.sh)"
		exit 0
	fi
	VMCORE_VMLINUX=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["vmlinux"])' "$VMCORE_DIR/corpus.json")
	if [ ! -r "$VMCORE_VMLINUX" ]; then
		echo "1..0 # SKIP $VMCORE_VMLINUX is not installed"
		exit 0
	fi
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
	if [ "$rc" -ge 124 ] || grep -q -e 'Sanitizer' -e 'runtime error' "$tmpdir/err"; then
		tap_result 1 "$1: no crash, bounded time (exit $rc)"
		sed 's/^/# /' "$tmpdir/err" | head -20
	elif [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then
		tap_result 1 "$1: exit $rc, want 0 or 2"
		sed 's/^/# /' "$tmpdir/err" | head -5
	else
		tap_result 0 "$1: no crash (exit $rc)"
	fi
}
