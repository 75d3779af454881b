#!/bin/sh
# Quick start, first command: install, build, and run pagerace on the
# bundled corpus of real oops logs.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
sh "$top/scripts/install-deps.sh" >/dev/null
sh "$top/scripts/build.sh" "$top/build"
cd "$top"
PAGERACE_SIGNATURES=$top/signatures ./build/pagerace analyze "$@" corpus/oops/*.log
