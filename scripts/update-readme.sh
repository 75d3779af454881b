#!/bin/sh
# The example outputs in README.md are the real program's, on the corpus:
# each is a block between
#
#   <!-- output: COMMAND -->            or
#   <!-- output requires=FILE: COMMAND -->
#   ...
#   <!-- end output -->
#
# and this script replaces each block with "$ COMMAND" and what COMMAND
# prints (stdout and stderr), run by sh with the built pagerace first on
# PATH, in a scratch directory where corpus/ is the tree's (files the
# commands write stay out of the tree).  A block whose FILE is absent (a vmcore of the
# corpus not built here) is left as it is, and --check never compares one:
# each run of the corpus generator makes dumps with other addresses.
#
#   scripts/update-readme.sh [--check] [PAGERACE]
#
# PAGERACE: the program (default $PAGERACE, else build/pagerace).  --check
# changes nothing: it prints "ok", "differs" or "skip" per block and exits
# 1 when a block differs (tests/run-readme.sh).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
check=0
[ "${1-}" = --check ] && { check=1; shift; }
prog=${1:-${PAGERACE:-$top/build/pagerace}}
case $prog in /*) ;; *) prog=$(pwd)/$prog ;; esac
[ -x "$prog" ] || { echo "update-readme: no program $prog; build first (sh scripts/build.sh build)" >&2; exit 2; }
readme=$top/README.md
work=$(mktemp -d "${TMPDIR:-/tmp}/pagerace-readme.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The same output wherever and whenever it is made: the tree's rules and
# known-bugs file, no
# cache of earlier runs, C locale, no terminal.
mkdir -p "$work/bin" "$work/cache" "$work/run"
ln -s "$top/corpus" "$work/run/corpus"
ln -s "$prog" "$work/bin/pagerace"
export PAGERACE_SIGNATURES="$top/signatures" XDG_CACHE_HOME="$work/cache" LC_ALL=C
export PAGERACE_KB="$top/data/known-bugs.kb.zst"
export PATH="$work/bin:$PATH"
unset COLUMNS

fence='```'
new=$work/README.md
n=0 bad=0
in_block=0
while IFS= read -r line || [ -n "$line" ]; do
	if [ "$in_block" = 1 ]; then
		case $line in
		'<!-- end output -->')
			in_block=0
			if [ "$skip" = 1 ]; then
				cat "$work/old"
			else
				{
					echo "$fence"
					printf '$ %s\n' "$cmd"
					(cd "$work/run" && sh -c "$cmd" 2>&1) || true
					echo "$fence"
				} >"$work/gen"
				cat "$work/gen"
				if [ "$check" = 1 ]; then
					if cmp -s "$work/old" "$work/gen"; then
						echo "ok $n $cmd" >&3
					else
						echo "differs $n $cmd" >&3
						diff -u "$work/old" "$work/gen" | sed -n '3,$p' | head -15 | sed 's/^/    /' >&3
						bad=1
					fi
				fi
			fi
			printf '%s\n' "$line"
			;;
		*) printf '%s\n' "$line" >>"$work/old" ;;
		esac
		continue
	fi
	printf '%s\n' "$line"
	case $line in
	'<!-- output'*' -->')
		n=$((n + 1))
		spec=${line#'<!-- output'}
		spec=${spec%' -->'}
		skip=0
		case $spec in
		' requires='*)
			spec=${spec#' requires='}
			need=${spec%%:*}
			cmd=${spec#*: }
			[ -e "$top/$need" ] || skip=1
			# A dump made by another run of the corpus generator has
			# other addresses and pids: only an update rewrites it.
			[ "$check" = 1 ] && skip=1
			;;
		': '*) cmd=${spec#': '} ;;
		*) echo "update-readme: bad marker: $line" >&2; exit 2 ;;
		esac
		[ "$skip" = 1 ] && [ "$check" = 1 ] && echo "skip $n $cmd (needs $need; a dump of another run differs)" >&3
		: >"$work/old"
		in_block=1
		;;
	esac
done <"$readme" 3>&1 >"$new"
[ "$in_block" = 0 ] || { echo "update-readme: a block is not closed by <!-- end output -->" >&2; exit 2; }
if [ "$check" = 1 ]; then
	[ "$bad" = 0 ] || echo "README.md and the program disagree: run scripts/update-readme.sh"
	exit "$bad"
fi
cmp -s "$new" "$readme" || cp "$new" "$readme"
echo "update-readme: $n blocks in README.md"
