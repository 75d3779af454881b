#!/bin/sh
# Copy the source tree as a user would have it (tracked and new files, no
# build directories or caches) into DEST: scripts/copy-tree.sh DEST
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dest=$1
mkdir -p "$dest"
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$top" && git ls-files -co --exclude-standard -z |
		xargs -0 tar -cf - --no-recursion) | tar -xf - -C "$dest"
else
	(cd "$top" && tar -cf - --exclude='./build*' --exclude=./corpus/vmcore/cache \
		--exclude=./.git .) | tar -xf - -C "$dest"
fi
