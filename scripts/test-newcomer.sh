#!/bin/sh
# A newcomer's first hour, in a clean Debian 12 root: README command 1
# (sh scripts/run-corpus.sh) as root, then in a new login shell
# "pagerace analyze", "man pagerace", "man pagerace-signatures" and bash
# completion must work, and the tree must hold no new file that git
# would show.
# Prints the time and the download size of command 1 (for the README).
#
#   scripts/test-newcomer.sh
#
# Exit 0 passed, 1 failed, 77 skipped (no package registry).  Run as root.
# Not part of scripts/check.sh: it downloads every build dependency.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/pagerace-newcomer.XXXXXX")
trap 'rm -rf "$work"' EXIT
say() { echo "test-newcomer: $*"; }
fail() { say "FAILED: $*"; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "run as root (chroot)"
root=$work/root
rc=0
sh "$top/scripts/clean-root.sh" "$root" || rc=$?
[ "$rc" -eq 77 ] && exit 77
[ "$rc" -eq 0 ] || fail "no clean root"
sh "$top/scripts/copy-tree.sh" "$root/root/pagerace"
(cd "$root/root/pagerace" && find . -type f | sort) >"$work/files-before"

say "sh scripts/run-corpus.sh -q in a clean root"
start=$(date +%s)
chroot "$root" sh -c 'cd /root/pagerace && sh scripts/run-corpus.sh -q' \
	>"$work/command1.out" 2>&1 || { tail -30 "$work/command1.out"; fail "command 1 failed"; }
secs=$(($(date +%s) - start))
download=$(du -sm "$root/var/cache/apt/archives" | cut -f1)
say "command 1: ${secs} s, ${download} MB of packages downloaded"
tail -3 "$work/command1.out"

# A new login shell, as a person would open one.
chroot "$root" env -i HOME=/root TERM=dumb PS1='# ' bash -lic '
	set -e
	cd /root
	pagerace analyze -q pagerace/corpus/oops/b-healer-truncate_inode_page-pagetail.log
	MANPAGER=cat man pagerace | grep -q "^NAME"
	MANPAGER=cat man pagerace-signatures | grep -q "^NAME"
	__load_completion pagerace
	complete -p pagerace
	COMP_WORDS=(pagerace tri); COMP_CWORD=1; _pagerace; echo "completes: ${COMPREPLY[*]}"
' >"$work/shell.out" 2>&1 || { cat "$work/shell.out"; fail "the new shell"; }
cat "$work/shell.out" | grep -v 'no job control'
grep -q '	thp-truncate-tail-page	' "$work/shell.out" || fail "pagerace analyze"
grep -q 'complete -o filenames -F _pagerace pagerace' "$work/shell.out" || fail "bash completion"
grep -q 'completes: triage' "$work/shell.out" || fail "completion of commands"

# Like "git status" after it: every new file is one the tree ignores.
(cd "$root/root/pagerace" && find . -type f | sort) >"$work/files-after"
comm -13 "$work/files-before" "$work/files-after" | sed 's|^\./||' >"$work/new"
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$top" check-ignore --no-index --stdin <"$work/new" >"$work/ignored" || true
	if ! cmp -s "$work/new" "$work/ignored"; then
		comm -23 "$work/new" "$work/ignored" | head
		fail "command 1 left files in the tree that git would show"
	fi
fi
say "passed: pagerace, its man pages and completion work in a new shell"
