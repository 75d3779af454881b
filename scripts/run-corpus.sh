#!/bin/sh
# Quick start, first command: install the build dependencies, build,
# install pagerace (program, rules, man pages, bash completion) under
# PREFIX (default /usr/local; PREFIX=DIR or --prefix=DIR as the first
# argument), and run the installed pagerace on the bundled corpus of real
# oops logs.  Other arguments go to "pagerace analyze" (e.g. -q).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
prefix=${PREFIX:-/usr/local}
case ${1-} in
--prefix=*) prefix=${1#--prefix=}; shift ;;
esac
sh "$top/scripts/install-deps.sh" >/dev/null
sh "$top/scripts/build.sh" "$top/build" --prefix="$prefix"
make -C "$top/build" -s install >/dev/null
cd "$top"
# The installed program, with no help from the environment: it must find
# the installed rules by itself.
env -u PAGERACE_SIGNATURES "$prefix/bin/pagerace" analyze "$@" corpus/oops/*.log
echo "run-corpus: pagerace is installed in $prefix (program $prefix/bin/pagerace," \
	"man pagerace, man pagerace-signatures, bash completion in a new login shell)" >&2
