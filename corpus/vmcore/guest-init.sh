#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /init of the pagerace corpus guest (busybox-static initramfs).
# The same script runs in the first kernel (builds a crash) and in the
# kexec'd capture kernel (writes /proc/vmcore to the virtio disk).
# Kernel command line: pagerace_scenario=A..E|N|S  pagerace_method=kdump|qemu
#   pagerace_module=NAME (the reproducer module to load, without .ko)
#   pagerace_dumplevel=N (makedumpfile -d of the capture kernel, default 31;
#   passed on to the capture kernel's command line)
/bin/busybox mkdir -p /proc /sys /dev /tmp /bin /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null

say() { echo "$*" > /dev/kmsg 2>/dev/null || echo "$*"; }
arg() {
	for x in $(cat /proc/cmdline); do
		case "$x" in "$1="*) echo "${x#*=}" ;; esac
	done
}
load() {
	# modules are listed in dependency order in /lib/modules/<name>.list
	for m in $(cat /lib/modules/"$1".list 2>/dev/null); do
		insmod /lib/modules/"$m" 2>/dev/null
	done
}
bye() { sync; poweroff -f; sleep 5; echo o > /proc/sysrq-trigger; }

if [ -e /proc/vmcore ]; then
	say "pagerace-capture: capture kernel up, /proc/vmcore is $(stat -c %s /proc/vmcore) bytes"
	load virtio_blk
	i=0
	while [ ! -b /dev/vda ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	if [ ! -b /dev/vda ]; then
		say "pagerace-capture: FAILED: no /dev/vda"
		bye
	fi
	level=$(arg pagerace_dumplevel)
	say "pagerace-capture: makedumpfile -d ${level:-31}"
	if makedumpfile -F -c -d "${level:-31}" /proc/vmcore > /dev/vda 2>/tmp/mdf.err; then
		sync
		say "pagerace-capture: ok"
	else
		say "pagerace-capture: FAILED: makedumpfile rc=$?: $(tail -n 3 /tmp/mdf.err | tr '\n' ' ')"
	fi
	bye
fi

scen=$(arg pagerace_scenario)
method=$(arg pagerace_method)
say "pagerace-init: scenario=$scen method=$method"

if [ "$method" = kdump ]; then
	level=$(arg pagerace_dumplevel)
	if ! kexec -p /boot/vmlinuz --initrd=/boot/capture.cpio \
		--append="console=ttyS0 nr_cpus=1 irqpoll reset_devices panic=-1 pagerace_capture=1${level:+ pagerace_dumplevel=$level}" \
		> /tmp/kexec.out 2>&1; then
		say "pagerace-init: FAILED: kexec -p: $(tail -n 3 /tmp/kexec.out | tr '\n' ' ')"
		bye
	fi
	if [ "$(cat /sys/kernel/kexec_crash_loaded)" != 1 ]; then
		say "pagerace-init: FAILED: capture kernel not loaded"
		bye
	fi
	say "pagerace-init: capture kernel loaded"
else
	load qemu_fw_cfg
	load pvpanic_mmio
	load pvpanic_pci
	say "pagerace-init: qemu_fw_cfg/pvpanic loaded: $(ls /sys/firmware/qemu_fw_cfg 2>/dev/null | tr '\n' ' ')"
fi

case "$scen" in
B)
	echo force > /sys/kernel/mm/transparent_hugepage/shmem_enabled
	;;
esac

mod=$(arg pagerace_module)
case "$scen" in
S)
	say "pagerace-truth: {\"scenario\":\"S\"}"
	say "pagerace-truth: {\"actor\":{\"role\":\"crasher\",\"pid\":$$,\"comm\":\"$(cat /proc/$$/comm)\",\"func\":\"sysrq_handle_crash\"}}"
	echo c > /proc/sysrq-trigger
	;;
*)
	# the scenario's module only (variant 1: lustre.ko for A, frames print
	# [lustre]; pagerace_repro.ko for the others; variant 2: llcrash.ko)
	insmod /lib/modules/"${mod:-pagerace_repro}".ko scenario="$scen"
	;;
esac
sleep 90
say "pagerace-init: FAILED: no panic after 90 s"
bye
