#!/bin/sh
# Configure and build pagerace out of tree: scripts/build.sh DIR [CONFIGURE-ARGS]
# DIR is configured again when CONFIGURE-ARGS differ from the last run's.
# This is the test build: it has the test hooks (--enable-test-hooks,
# src/test_fault.h) unless CONFIGURE-ARGS say --disable-test-hooks; the
# Debian package and a plain ./configure do not.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$1
shift
[ -x "$top/configure" ] || (cd "$top" && autoreconf -fi >/dev/null)
mkdir -p "$dir"
cd "$dir"
case " $* " in
*" --disable-test-hooks "* | *" --enable-test-hooks "*) ;;
*) set -- --enable-test-hooks "$@" ;;
esac
args="$*"
if [ ! -f Makefile ] || [ "$(cat .build-args 2>/dev/null)" != "$args" ]; then
	"$top/configure" --quiet "$@"
	printf '%s\n' "$args" >.build-args
fi
make -s -j"$(nproc)"
