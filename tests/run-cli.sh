#!/bin/sh
# Command-line behaviour: every command answers -h (git's t0012), version,
# usage errors and their documented exit codes (man/pagerace.1).
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

for cmd in analyze explain kb signatures triage merge; do
	expect_exit "$cmd -h" 0 "$cmd" -h
	check "$cmd -h prints its usage" grep -q "^usage: pagerace $cmd" "$tmpdir/out"
	check "man page documents $cmd" grep -q "^\.SS.*$cmd" "$abs_srcdir/man/pagerace.1"
done
expect_exit "--version" 0 --version
check "--version names the version" grep -Eq '^pagerace [0-9]+\.[0-9]+\.[0-9]+( \(test build: PAGERACE_TEST_FAULT is honoured\))?$' "$tmpdir/out"
expect_exit "--help" 0 --help
expect_exit "no command" 2
expect_exit "unknown command" 2 frobnicate
expect_stderr "unknown command is named" "'frobnicate' is not a command"
expect_exit "analyze without inputs" 2 analyze
expect_exit "analyze with a bad format" 2 analyze --format=xml "$CORPUS/d-syzbot-ext4-inode-2598-writeback.log"
expect_stderr "bad format is named" "unknown format 'xml'"
expect_exit "analyze with an unknown option" 2 analyze --frobnicate x
expect_exit "explain an unknown id" 2 explain no-such-race
expect_exit "signatures unknown subcommand" 2 signatures frob
# A mistyped format is refused, not taken for text.
expect_exit "signatures with a bad format" 2 signatures list --format=yaml
expect_stderr "signatures bad format is named" "unknown format 'yaml'"

# Every exit code in commands.h is documented.
for code in 0 1 2 3 4 5; do
	check "exit code $code documented" grep -q "^\.B $code\$" "$abs_srcdir/man/pagerace.1"
done

# Every condition type of the rule format (the table in rules.h) has its
# entry in pagerace-signatures(5).
missing=""
for key in $(sed -n 's/^[[:space:]]*X([A-Z_]*, "\([a-z_]*\)".*/\1/p' "$abs_srcdir/src/signature/rules.h"); do
	grep -Eq "^\.BR? $key( |\$)" "$abs_srcdir/man/pagerace-signatures.5" || missing="$missing $key"
done
[ -z "$missing" ]
tap_result $? "pagerace-signatures(5) documents every condition type${missing:+ (missing:$missing)}"

# Each command's entries in the man page are the options its declaration
# (cmd_spec) has, and its synopsis is its usage.
PYTHONPATH=$abs_srcdir/tests "$PYTHON" "$abs_srcdir/tests/man-options.py" "$PAGERACE" \
	"$abs_srcdir/man/pagerace.1" analyze explain kb signatures triage merge >"$tmpdir/man.tap" 2>&1 ||
	echo "not ok - man-options.py failed" >>"$tmpdir/man.tap"
relay_tap "$tmpdir/man.tap"

# stdin is read as a log.
rc=0
"$PAGERACE" analyze -q - <"$CORPUS/d-syzbot-ext4-inode-2598-writeback.log" >"$tmpdir/out" 2>"$tmpdir/err" || rc=$?
tap_result "$rc" "analyze - reads standard input"
check "stdin input is named <stdin>" grep -q '^<stdin>:' "$tmpdir/out"

# -o writes the file; -o onto an input is refused and the input kept.
cp "$CORPUS/d-syzbot-ext4-inode-2598-writeback.log" "$tmpdir/in.log"
sum=$(cksum <"$tmpdir/in.log")
expect_exit "-o onto an input is refused" 2 analyze -o "$tmpdir/in.log" "$tmpdir/in.log"
check "the input is unchanged" test "$(cksum <"$tmpdir/in.log")" = "$sum"
expect_exit "-o FILE" 0 analyze -o "$tmpdir/report.txt" "$tmpdir/in.log"
check "-o FILE wrote the report" grep -q '^Verdict' "$tmpdir/report.txt"
# Without -s or PAGERACE_SIGNATURES: an uninstalled build finds the rules
# next to the executable; a program with no rules anywhere says where it
# looked (exit 3).
rc=0
env -u PAGERACE_SIGNATURES "$PAGERACE" signatures list >"$tmpdir/out" 2>"$tmpdir/err" || rc=$?
tap_result "$rc" "an uninstalled build finds its rules"
check "... all of them" test "$(wc -l <"$tmpdir/out")" -eq "$(ls "$abs_srcdir"/signatures/*.json | wc -l)"
mkdir -p "$tmpdir/bin/signatures"
cp "$PAGERACE" "$tmpdir/bin/pagerace"
cp "$abs_srcdir/signatures/writeback-stale-wakeup.json" "$tmpdir/bin/signatures/"
env -u PAGERACE_SIGNATURES "$tmpdir/bin/pagerace" signatures list >"$tmpdir/out" 2>&1
check "the rules next to the executable come first" test "$(cut -d' ' -f1 "$tmpdir/out")" = writeback-stale-wakeup
rm -r "$tmpdir/bin/signatures"
if [ -n "${PGR_PKGDATADIR:-}" ] && [ ! -e "$PGR_PKGDATADIR" ]; then
	rc=0
	env -u PAGERACE_SIGNATURES "$tmpdir/bin/pagerace" analyze "$CORPUS/d-syzbot-ext4-inode-2598-writeback.log" >"$tmpdir/out" 2>"$tmpdir/err" || rc=$?
	check "no rules anywhere (exit 3)" test "$rc" -eq 3
	expect_stderr "... names every place looked at" "looked in $tmpdir/bin/signatures .* and $PGR_PKGDATADIR "
else
	echo "ok $((tap_n += 1)) # SKIP the installed rules exist (${PGR_PKGDATADIR:-unknown})"
	echo "ok $((tap_n += 1)) # SKIP the installed rules exist"
fi

# Bash completion: commands, options (read from --help), values, rule ids.
complete_words() {
	bash -c '. "$1/completion/pagerace"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _pagerace
		printf "%s\n" "${COMPREPLY[@]}"' - "$abs_srcdir" "$PAGERACE" "$@"
}
check "completion: commands" test "$(complete_words tr)" = triage
check "completion: options of a command" test "$(complete_words analyze --verb)" = --verbose
check "completion: --format values" test "$(complete_words triage --format ma)" = markdown
check "completion: signature ids" test "$(complete_words explain isolate)" = isolate-lru-mapping-uaf
# The race table wraps at word boundaries (or after a joint such as '(' or
# '_'), never in the middle of a word.
check "race tables wrap at word boundaries" "$PYTHON" "$abs_srcdir/tests/race-table-words.py" \
	"$PAGERACE" $("$PAGERACE" signatures list | cut -d' ' -f1)

# A failed or unknown condition says what it looked for.
run_pagerace analyze -v -a "$CORPUS/d-syzbot-ext4-inode-2598-writeback.log"
check "a failed message condition names its regex" grep -Eq '^ +\[-\].* message +no text matching /.+/ in the report' "$tmpdir/out"
check "a failed name condition names the names" grep -Eq '^ +\[-\].* fault_function .*; looked for @?[a-z_-]+( \([a-z_ ]+\))?' "$tmpdir/out"
# Several reports open with a one-screen overview, the most certain first.
run_pagerace analyze "$CORPUS/e-nearmiss-kasan-uaf-filemap_fault-vma.log" \
	"$CORPUS/d-syzbot-ext4-inode-2598-writeback.log" \
	"$CORPUS/b-healer-truncate_inode_page-pagetail.log"
check "several reports: the overview comes first" grep -q '^3 reports: 1 confirmed, 1 likely, 0 possible, 1 no-known-signature;' "$tmpdir/out"
check "... the most certain first" sh -c "sed -n 2,4p '$tmpdir/out' | cut -c3-12 | tr -d ' ' | tr '\n' ,| grep -qx 'confirmed,likely,no-known-s,'"
check "... then every report in full" test "$(grep -c '^== ' "$tmpdir/out")" -eq 3
run_pagerace analyze "$CORPUS/b-healer-truncate_inode_page-pagetail.log"
check "one report: no overview" sh -c "head -1 '$tmpdir/out' | grep -q '^== '"
tap_done
