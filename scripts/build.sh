#!/bin/sh
# Configure and build pagerace out of tree: scripts/build.sh DIR [CONFIGURE-ARGS]
# DIR is configured again when CONFIGURE-ARGS differ from the last run's.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$1
shift
[ -x "$top/configure" ] || (cd "$top" && autoreconf -fi >/dev/null)
mkdir -p "$dir"
cd "$dir"
args="$*"
if [ ! -f Makefile ] || [ "$(cat .build-args 2>/dev/null)" != "$args" ]; then
	"$top/configure" --quiet "$@"
	printf '%s\n' "$args" >.build-args
fi
make -s -j"$(nproc)"
