#!/bin/sh
# Configure and build pagerace out of tree: scripts/build.sh DIR [CONFIGURE-ARGS]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$1
shift
[ -x "$top/configure" ] || (cd "$top" && autoreconf -fi >/dev/null)
mkdir -p "$dir"
cd "$dir"
[ -f Makefile ] || "$top/configure" --quiet "$@"
make -s -j"$(nproc)"
