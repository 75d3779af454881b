#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /init-large of the pagerace corpus guest: the large-dump scenario
# (make-corpus.sh --large).  Before the usual /init (guest-init.sh) builds
# its crash, this fills the guest the way a loaded production machine is
# filled: pagerace_tasks= sleeping user processes (each with its own mm,
# page tables and kernel stack) and pagerace_cache_mb= MiB of page cache
# (tmpfs files of random bytes), then says what it made in a truth line
# and execs /init as pid 1.  Only the first kernel runs it (rdinit=); the
# capture kernel's command line has no rdinit and runs /init.
/bin/busybox mkdir -p /proc /sys /dev /tmp /bin /sbin /usr/bin /usr/sbin /cache
/bin/busybox --install -s
mount -t proc proc /proc
mount -t devtmpfs devtmpfs /dev 2>/dev/null

say() { echo "$*" > /dev/kmsg 2>/dev/null || echo "$*"; }
arg() {
	for x in $(cat /proc/cmdline); do
		case "$x" in "$1="*) echo "${x#*=}" ;; esac
	done
}
tasks=$(arg pagerace_tasks)
cache_mb=$(arg pagerace_cache_mb)
tasks=${tasks:-2000}
cache_mb=${cache_mb:-1152}

# Page cache: 8 MiB files of random bytes (not zeros: a zero page is
# dropped by makedumpfile's -d 1 whatever it caches, and would not look
# like file data to anyone reading the dump).
mount -t tmpfs -o size=$((cache_mb + 64))m cache /cache
dd if=/dev/urandom of=/cache/seed bs=1048576 count=4 2>/dev/null
i=0
while [ $((i * 8)) -lt "$cache_mb" ]; do
	cat /cache/seed /cache/seed > /cache/file$i
	i=$((i + 1))
done
say "pagerace-large: $i files of 8 MiB in /cache"

# Tasks: sleeping processes, children of pid 1 (they outlive the exec).
i=0
while [ $i -lt "$tasks" ]; do
	sleep 100000 &
	i=$((i + 1))
done
n=$(ls -d /proc/[0-9]* | wc -l)
cached=$(awk '$1 == "Cached:" { print $2 }' /proc/meminfo)
shmem=$(awk '$1 == "Shmem:" { print $2 }' /proc/meminfo)
say "pagerace-truth: {\"large\":{\"tasks_started\":$tasks,\"tasks\":$n,\"cached_kb\":$cached,\"shmem_kb\":$shmem,\"cache_files\":$((cache_mb / 8))}}"
exec /init
