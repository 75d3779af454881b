# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced first by both /init scripts of the pagerace corpus guest
# (guest-init.sh, guest-large.sh): the directories and mounts busybox
# needs, and their helpers.
/bin/busybox mkdir -p /proc /sys /dev /tmp /bin /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
mount -t proc proc /proc 2>/dev/null
mount -t sysfs sysfs /sys 2>/dev/null
mount -t devtmpfs devtmpfs /dev 2>/dev/null

# say TEXT: a line on the kernel log (the console the host reads).
say() { echo "$*" > /dev/kmsg 2>/dev/null || echo "$*"; }
# arg NAME: the value of NAME= on the kernel command line.
arg() {
	for x in $(cat /proc/cmdline); do
		case "$x" in "$1="*) echo "${x#*=}" ;; esac
	done
}
