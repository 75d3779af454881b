#!/bin/sh
# README.md cannot drift: every example output in it is regenerated from
# the program (scripts/update-readme.sh --check) and must be the same.
# Blocks that need a vmcore of the corpus are skipped when it is absent.
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

# An ASan build's triage warns that it cannot limit memory, which a
# user's build does not print: the normal build checks the README.
if "$PAGERACE" triage -q --no-cache /dev/null 2>&1 | grep -q 'built with ASan'; then
	echo "1..0 # SKIP an ASan build (its triage prints a warning of its own)"
	exit 0
fi
rc=0
sh "$abs_srcdir/scripts/update-readme.sh" --check "$PAGERACE" >"$tmpdir/check" 2>&1 || rc=$?
while IFS= read -r line; do
	case $line in
	'ok '*) tap_result 0 "README block ${line#ok }" ;;
	'skip '*)
		tap_n=$((tap_n + 1))
		echo "ok $tap_n # SKIP README block ${line#skip }"
		;;
	'differs '*)
		tap_result 1 "README block ${line#differs } differs from the program's output: run scripts/update-readme.sh"
		;;
	*) echo "# $line" ;;
	esac
done <"$tmpdir/check"
check "scripts/update-readme.sh --check ran (exit 0 or 1, got $rc)" test "$rc" -le 1
check "README.md has example blocks" grep -q '^ok \|^skip \|^differs ' "$tmpdir/check"
tap_done
