#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make-corpus.sh - build pagerace's real vmcore corpus (issue 4).
#
# Boots the Debian cloud kernel under QEMU, loads a reproducer module that
# builds the memory state of page-cache races A-E (and negatives), captures
# the crash with a kexec'd capture kernel + makedumpfile (the production way)
# and with QEMU dump-guest-memory, writes ground truth next to every dump and
# checks every dump with drgn.  See README.md.
#
# usage: make-corpus.sh [--out DIR] [--kvm] [--method kdump|qemu|all]
#                       [--only SCENARIO...] [--jobs N] [--no-install]
#   --out DIR     cache root (default $PAGERACE_VMCORE_DIR, else corpus/vmcore/cache)
#   --kvm         use KVM when it works (default: TCG software emulation)
#   --method M    kdump (kexec'd capture kernel), qemu (dump-guest-memory), all
#   --only S...   scenarios among A B C D E N S (default: all)
#   --jobs N      guests booted at the same time (default 2)
#   --no-install  never call apt-get; fail if a package is missing
# Environment: PAGERACE_VMCORE_TIMEOUT (s per boot, 240),
#   PAGERACE_VMCORE_CRASHKERNEL (160M), PAGERACE_VMCORE_QEMU_MEM (160M),
#   PAGERACE_VMCORE_KEEP_FAILED=1 (keep a failed job in DIR/failed-*),
#   PAGERACE_QEMU, PAGERACE_VMLINUX (override the binaries' paths).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3
OUT=${PAGERACE_VMCORE_DIR:-$HERE/cache}
METHOD=all
ONLY=()
USE_KVM=0
JOBS=${PAGERACE_VMCORE_JOBS:-2}
INSTALL=1
BOOT_TIMEOUT=${PAGERACE_VMCORE_TIMEOUT:-240}	# per boot, seconds
CRASHKERNEL=${PAGERACE_VMCORE_CRASHKERNEL:-160M}	# memory reserved for the capture kernel
QEMU=${PAGERACE_QEMU:-qemu-system-x86_64}

ALL_KDUMP="A B C D E N S"	# scenarios captured by kdump
ALL_QEMU="A E"			# scenarios captured by dump-guest-memory

die() { echo "make-corpus: ERROR: $*" >&2; exit 1; }
log() { echo "make-corpus: $*" >&2; }
usage() { sed -n '3,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'; exit "${1:-0}"; }

while [ $# -gt 0 ]; do
	case "$1" in
	--out) OUT=${2:?--out needs a directory}; shift 2 ;;
	--out=*) OUT=${1#*=}; shift ;;
	--kvm) USE_KVM=1; shift ;;
	--method) METHOD=${2:?}; shift 2 ;;
	--method=*) METHOD=${1#*=}; shift ;;
	--jobs|-j) JOBS=${2:?}; shift 2 ;;
	--no-install) INSTALL=0; shift ;;
	--only)
		shift
		while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do ONLY+=("$1"); shift; done
		[ ${#ONLY[@]} -gt 0 ] || die "--only needs at least one scenario"
		;;
	-h|--help) usage 0 ;;
	*) echo "make-corpus: unknown argument: $1" >&2; usage 2 ;;
	esac
done
case "$METHOD" in kdump|qemu|all) ;; *) die "--method must be kdump, qemu or all" ;; esac
for s in "${ONLY[@]}"; do
	case "$s" in A|B|C|D|E|N|S) ;; *) die "unknown scenario '$s' (A B C D E N S)" ;; esac
done
case "$JOBS" in ''|*[!0-9]*|0) die "--jobs needs a positive number" ;; esac

T_START=$(date +%s.%N)
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# ---------------------------------------------------------------- packages
PKGS="qemu-system-x86 busybox-static kexec-tools makedumpfile linux-image-cloud-amd64
linux-headers-cloud-amd64 linux-image-cloud-amd64-dbg python3-drgn build-essential cpio"

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()
for p in $PKGS; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
	[ "$INSTALL" = 1 ] || die "missing packages: ${missing[*]} (run without --no-install, as root)"
	[ "$(id -u)" = 0 ] || die "missing packages: ${missing[*]}; run as root or: apt-get install ${missing[*]}"
	log "installing: ${missing[*]}"
	if ! ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1; then
		DEBIAN_FRONTEND=noninteractive apt-get update -q || die "apt-get update failed"
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
		|| die "apt-get install ${missing[*]} failed"
fi
command -v "$QEMU" >/dev/null || die "QEMU not found: '$QEMU' (package qemu-system-x86)"
for b in /bin/busybox /usr/bin/makedumpfile /usr/sbin/kexec; do
	[ -x "$b" ] || die "$b not found"
done
$PY -c 'import drgn' 2>/dev/null || die "$PY cannot import drgn (package python3-drgn)"

# Kernel release: whatever the metapackage depends on, never hard-coded.
kver_of() {
	dpkg-query -W -f='${Depends}' "$1" 2>/dev/null | tr ',' '\n' |
		sed -n 's/^ *linux-image-\([0-9][^ ]*-cloud-amd64\)\(-dbg\)\{0,1\}\( .*\)\{0,1\}$/\1/p' | head -n 1
}
KVER=$(kver_of linux-image-cloud-amd64)
[ -n "$KVER" ] || die "cannot resolve the kernel release from linux-image-cloud-amd64"
DBG_KVER=$(kver_of linux-image-cloud-amd64-dbg)
VMLINUZ=/boot/vmlinuz-$KVER
VMLINUX=${PAGERACE_VMLINUX:-/usr/lib/debug/boot/vmlinux-$KVER}
KBUILD=/lib/modules/$KVER/build
[ -r "$VMLINUZ" ] || die "$VMLINUZ missing (linux-image-$KVER not installed?)"
[ -d "$KBUILD" ] || die "$KBUILD missing (linux-headers-$KVER not installed?)"
if [ "$DBG_KVER" != "$KVER" ] || [ ! -r "$VMLINUX" ]; then
	die "no debug info for $KVER: $VMLINUX missing (need linux-image-$KVER-dbg; -dbg metapackage gives '${DBG_KVER:-nothing}')"
fi

# Which dumps are wanted: "scenario:method" items.
want=()
sel() { if [ ${#ONLY[@]} -eq 0 ]; then echo "$1"; else for s in $1; do
	for o in "${ONLY[@]}"; do [ "$s" = "$o" ] && echo "$s"; done; done; fi; }
if [ "$METHOD" != qemu ]; then for s in $(sel "$ALL_KDUMP"); do want+=("$s:kdump"); done; fi
if [ "$METHOD" != kdump ]; then for s in $(sel "$ALL_QEMU"); do want+=("$s:qemu"); done; fi
[ ${#want[@]} -gt 0 ] || die "nothing to do: no scenario of --only is captured by --method $METHOD"

# ---------------------------------------------------------------- cache key
KEY_FILES="make-corpus.sh guest-init.sh qmp-dump.py check-dump.py $(cd "$HERE" && find module -type f \( -name '*.[ch]' -o -name Kbuild \) | LC_ALL=C sort)"
HASH=$( { echo "$KVER"; "$QEMU" --version | head -n 1;
	  for f in $KEY_FILES; do echo "== $f"; cat "$HERE/$f"; done; } | sha256sum | cut -c1-12)
CORPUS=$OUT/$KVER-$HASH
mkdir -p "$CORPUS" || die "cannot create $CORPUS"
[ -e "$OUT/.gitignore" ] || printf '*\n' > "$OUT/.gitignore"
# one writer per corpus; leftovers of a killed run are removed under the lock
exec 9>"$CORPUS/.lock"
if ! flock -n 9; then
	log "waiting for another make-corpus.sh working on $CORPUS"
	flock 9
fi
rm -rf "$CORPUS"/.tmp-* "$CORPUS"/.work.* "$CORPUS"/.*.tmp

# A job is done when its ground-truth JSON files exist (they are renamed in last).
job_outputs() {
	case "$2" in
	kdump) echo "$1-kdump.json" ;;
	qemu) echo "$1-qemu-elf.json $1-qemu-zlib.json" ;;
	esac
}
todo=()
for w in "${want[@]}"; do
	done_=1
	for j in $(job_outputs "${w%%:*}" "${w##*:}"); do [ -s "$CORPUS/$j" ] || done_=0; done
	[ $done_ = 1 ] || todo+=("$w")
done

write_manifest() {
	$PY - "$CORPUS" "$KVER" "$VMLINUX" <<'EOF'
import json, os, sys
d, kver, vmlinux = sys.argv[1:4]
dumps = []
for f in sorted(os.listdir(d)):
    if f.endswith(".json") and f != "corpus.json":
        with open(os.path.join(d, f)) as fh:
            t = json.load(fh)
        dumps.append({"truth": f, "dump": t["dump"], "scenario": t["scenario"],
                      "method": t["method"], "format": t["format"]})
m = {"kernel_release": kver, "vmlinux": vmlinux, "module": "pagerace_repro.ko",
     "modules": ["pagerace_repro.ko", "lustre.ko"], "dumps": dumps}
tmp = os.path.join(d, ".corpus.json.tmp")
with open(tmp, "w") as fh:
    json.dump(m, fh, indent=1)
    fh.write("\n")
os.rename(tmp, os.path.join(d, "corpus.json"))
EOF
	ln -sfn "$(basename "$CORPUS")" "$OUT/current.tmp" && mv -T "$OUT/current.tmp" "$OUT/current"
}

if [ ${#todo[@]} -eq 0 ]; then
	write_manifest
	log "corpus $CORPUS is up to date (${#want[@]} jobs cached, nothing to do, $(elapsed "$T_START") s)"
	exit 0
fi
log "kernel $KVER, corpus $CORPUS, jobs to run: ${todo[*]}"

# ---------------------------------------------------------------- accel
ACCEL=(-accel "tcg,thread=multi" -cpu "max,la57=off")
if [ "$USE_KVM" = 1 ]; then
	# a kernel with no initramfs panics at once; with panic=-1 and
	# -no-reboot QEMU then exits 0.  Broken KVM aborts, fails or hangs.
	if [ -w /dev/kvm ] && ( timeout 30 "$QEMU" -accel kvm -cpu host -m 64M -nodefaults \
		-display none -no-reboot -kernel "$VMLINUZ" -append "console=ttyS0 panic=-1 rdinit=/nonexistent" \
		-serial file:/dev/null >/dev/null 2>&1 ) 2>/dev/null; then
		ACCEL=(-accel kvm -cpu host)
		log "using KVM"
	else
		log "KVM requested but it does not work here: falling back to TCG"
	fi
fi

WORK=$(mktemp -d "$CORPUS/.work.XXXXXX")
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- module
# Two modules: pagerace_repro.ko (B-E, N) and lustre.ko (A).  __FILE__ is
# mapped to the path inside module/ ("mm/truncate.c"), as a kernel build
# prints paths relative to its tree; DWARF names the file in this repository.
MODULES="pagerace_repro lustre"
module_of() { case "$1" in A) echo lustre.ko ;; *) echo pagerace_repro.ko ;; esac; }
log "building the reproducer modules against $KBUILD"
mkdir -p "$WORK/module"
(cd "$HERE/module" && find . -type f \( -name '*.[ch]' -o -name Kbuild \) | cpio -pdm --quiet "$WORK/module") ||
	die "cannot copy the module sources"
make -s -j"$(nproc)" -C "$KBUILD" M="$WORK/module" \
	KCFLAGS="-fdebug-prefix-map=$WORK/module=corpus/vmcore/module -fmacro-prefix-map=$WORK/module/=" \
	modules > "$WORK/module/build.log" 2>&1 ||
	{ cat "$WORK/module/build.log" >&2; die "module build failed"; }
for mod in $MODULES; do
	[ -f "$WORK/module/$mod.ko" ] || die "module build produced no $mod.ko"
	cp "$WORK/module/$mod.ko" "$CORPUS/.$mod.ko.tmp" && mv "$CORPUS/.$mod.ko.tmp" "$CORPUS/$mod.ko"
done

# ---------------------------------------------------------------- initramfs
log "building the busybox initramfs"
R=$WORK/root
mkdir -p "$R"/{bin,sbin,usr/bin,usr/sbin,lib/modules,boot,proc,sys,dev,tmp}
cp /bin/busybox "$R/bin/busybox"
cp /usr/sbin/kexec "$R/sbin/kexec"
cp /usr/bin/makedumpfile "$R/usr/bin/makedumpfile"
for b in /usr/sbin/kexec /usr/bin/makedumpfile; do
	ldd "$b" | awk '/=> \//{print $3} /^\t\/lib/{print $1}' | while read -r lib; do
		mkdir -p "$R$(dirname "$lib")"
		cp -L "$lib" "$R$lib"
	done
done
# /lib64 on Debian is a real directory holding the loader; also keep usrmerge paths working
[ -e "$R/lib64/ld-linux-x86-64.so.2" ] || { mkdir -p "$R/lib64"; cp -L /lib64/ld-linux-x86-64.so.2 "$R/lib64/"; }
for m in virtio_blk virtio_pci qemu_fw_cfg pvpanic_mmio pvpanic_pci; do
	# virtio_blk needs virtio_pci to find the disk
	mods=$(modprobe --show-depends -S "$KVER" "$m" 2>/dev/null | awk '$1=="insmod"{print $2}') ||
		die "modprobe cannot resolve module $m for $KVER"
	[ "$m" = virtio_blk ] && mods="$(modprobe --show-depends -S "$KVER" virtio_pci | awk '$1=="insmod"{print $2}') $mods"
	: > "$R/lib/modules/$m.list"
	for ko in $mods; do
		case "$ko" in
		*.ko) cp "$ko" "$R/lib/modules/" ;;
		*.ko.xz) xz -dc "$ko" > "$R/lib/modules/$(basename "$ko" .xz)" ;;
		*.ko.zst) zstd -qdc "$ko" > "$R/lib/modules/$(basename "$ko" .zst)" ;;
		*) die "unexpected module file $ko" ;;
		esac
		b=$(basename "$ko"); b=${b%.xz}; b=${b%.zst}
		grep -qx "$b" "$R/lib/modules/$m.list" || echo "$b" >> "$R/lib/modules/$m.list"
	done
done
# the guest needs no DWARF (kallsyms uses .symtab): the corpus keeps the full .ko
for mod in $MODULES; do
	strip --strip-debug -o "$R/lib/modules/$mod.ko" "$WORK/module/$mod.ko" || die "strip $mod.ko failed"
done
cp "$HERE/guest-init.sh" "$R/init"
chmod 755 "$R/init"
# capture initrd = the base tree; the first kernel's initrd adds vmlinuz and it
(cd "$R" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet > "$WORK/capture.cpio")
X=$WORK/extra
mkdir -p "$X/boot"
cp "$VMLINUZ" "$X/boot/vmlinuz"
cp "$WORK/capture.cpio" "$X/boot/capture.cpio"
(cd "$X" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet > "$WORK/extra.cpio")
cat "$WORK/capture.cpio" "$WORK/extra.cpio" > "$WORK/initrd.cpio"
log "initrd: $(du -m "$WORK/initrd.cpio" | cut -f1) MB (capture initrd $(du -m "$WORK/capture.cpio" | cut -f1) MB)"

# ---------------------------------------------------------------- one job
# run_job SCENARIO METHOD: boots, captures, writes truth, checks; all in a
# temp dir, renamed into the corpus only when every check passed.
run_job() {
	local s=$1 m=$2 t0 T rc mem extra=() append initrd
	t0=$(date +%s.%N)
	T=$(mktemp -d "$CORPUS/.tmp-$s-$m.XXXXXX")
	append="console=ttyS0 loglevel=7 panic=-1 oops=panic panic_on_oops=1 pagerace_scenario=$s pagerace_method=$m"
	[ "$s" = C ] && append="$append panic_on_warn=1"
	if [ "$m" = kdump ]; then
		mem=512M
		initrd=$WORK/initrd.cpio
		append="$append crashkernel=$CRASHKERNEL"
		truncate -s 256M "$T/disk.img"
		extra=(-drive "file=$T/disk.img,if=virtio,format=raw,cache=unsafe")
	else
		# no capture kernel: the base initrd will do, and less RAM
		# means a smaller ELF (dump-guest-memory writes all of it)
		mem=${PAGERACE_VMCORE_QEMU_MEM:-160M}
		initrd=$WORK/capture.cpio
		append="$append init_on_free=1"
		extra=(-device pvpanic -device vmcoreinfo -action panic=pause
		       -qmp "unix:$T/qmp.sock,server=on,wait=off")
	fi
	local qemu=("$QEMU" -name "pagerace-$s-$m" "${ACCEL[@]}" -smp 2 -m "$mem"
		-nodefaults -display none -no-reboot -serial "file:$T/console.log"
		-kernel "$VMLINUZ" -initrd "$initrd" -append "$append" "${extra[@]}")
	fail() {
		echo "make-corpus: ERROR: $s/$m: $*" >&2
		if [ -s "$T/console.log" ]; then
			echo "---- last console lines ($s/$m) ----" >&2
			tail -n 25 "$T/console.log" >&2
		fi
		if [ -n "${PAGERACE_VMCORE_KEEP_FAILED:-}" ]; then
			rm -rf "$OUT/failed-$s-$m"
			mv "$T" "$OUT/failed-$s-$m" && echo "make-corpus: kept for debugging: $OUT/failed-$s-$m" >&2
		fi
		rm -rf "$T"
		return 1
	}
	if [ "$m" = kdump ]; then
		rc=0
		timeout -k 5 "$BOOT_TIMEOUT" "${qemu[@]}" > "$T/qemu.out" 2>&1 || rc=$?
		if [ $rc = 124 ] || [ $rc = 137 ]; then
			if grep -q 'pagerace-capture: capture kernel up' "$T/console.log"; then
				fail "timeout after ${BOOT_TIMEOUT}s: the capture kernel hung writing the dump"
			elif grep -qE 'Kernel panic|Oops:|kernel BUG|WARNING: CPU|sysrq: Trigger' "$T/console.log"; then
				fail "timeout after ${BOOT_TIMEOUT}s: the guest panicked but the capture kernel never came up"
			else
				fail "timeout after ${BOOT_TIMEOUT}s: the guest never panicked"
			fi
			return 1
		fi
		[ $rc = 0 ] || { cat "$T/qemu.out" >&2; fail "qemu exited with $rc"; return 1; }
		grep -q 'pagerace-init: FAILED' "$T/console.log" &&
			{ fail "$(grep -m1 -o 'pagerace-init: FAILED.*' "$T/console.log")"; return 1; }
		if ! grep -q 'pagerace-capture: capture kernel up' "$T/console.log"; then
			if [ "$(grep -c 'Linux version' "$T/console.log")" -ge 2 ]; then
				fail "the capture kernel booted but failed before its /init ran (see console)"
			elif grep -q 'pagerace-init: capture kernel loaded' "$T/console.log"; then
				fail "the guest never panicked, or the capture kernel never started"
			else
				fail "the guest never reached its /init"
			fi
			return 1
		fi
		grep -q 'pagerace-capture: ok' "$T/console.log" ||
			{ fail "capture kernel failed: $(grep -m1 -o 'pagerace-capture: FAILED.*' "$T/console.log" || echo 'no result line')"; return 1; }
		makedumpfile -R "$T/$s-kdump.kdump" < "$T/disk.img" > "$T/mdf-R.out" 2>&1 ||
			{ cat "$T/mdf-R.out" >&2; fail "makedumpfile -R failed"; return 1; }
		rm -f "$T/disk.img"
		mv "$T/console.log" "$T/$s-kdump.console.log"
		$PY "$HERE/check-dump.py" truth --scenario "$s" --method kdump --format kdump-compressed \
			--kernel-release "$KVER" --vmlinux "$VMLINUX" --console "$T/$s-kdump.console.log" \
			--dump "$s-kdump.kdump" --module-name "$(module_of "$s")" --out "$T/$s-kdump.json" ||
			{ fail "ground truth could not be parsed"; return 1; }
		$PY "$HERE/check-dump.py" check --vmlinux "$VMLINUX" --module "$WORK/module/$(module_of "$s")" "$T/$s-kdump.json" ||
			{ fail "drgn check FAILED for $s-kdump.kdump"; return 1; }
	else
		rc=0
		"${qemu[@]}" > "$T/qemu.out" 2>&1 &
		local qpid=$!
		$PY "$HERE/qmp-dump.py" "$T/qmp.sock" "$BOOT_TIMEOUT" \
			"elf-paging:$T/$s-qemu-elf.elf" "kdump-zlib:$T/$s-qemu-zlib.flat" > "$T/qmp.out" 2>&1 || rc=$?
		wait "$qpid" || true
		[ $rc = 2 ] && { cat "$T/qmp.out" >&2; fail "timeout after ${BOOT_TIMEOUT}s: the guest never panicked"; return 1; }
		[ $rc = 0 ] || { cat "$T/qmp.out" "$T/qemu.out" >&2; fail "dump-guest-memory failed"; return 1; }
		# QEMU 7.2 writes kdump-zlib in makedumpfile's flattened format
		if head -c 16 "$T/$s-qemu-zlib.flat" | grep -q 'makedumpfile'; then
			makedumpfile -R "$T/$s-qemu-zlib.kdump" < "$T/$s-qemu-zlib.flat" > "$T/mdf-R.out" 2>&1 ||
				{ cat "$T/mdf-R.out" >&2; fail "makedumpfile -R (qemu kdump-zlib) failed"; return 1; }
			rm -f "$T/$s-qemu-zlib.flat"
		else
			mv "$T/$s-qemu-zlib.flat" "$T/$s-qemu-zlib.kdump"
		fi
		mv "$T/console.log" "$T/$s-qemu.console.log"
		local f fmt
		for f in elf zlib; do
			case $f in
			elf) fmt=elf-paging; ext=elf ;;
			zlib) fmt="qemu-kdump-zlib"; ext=kdump ;;
			esac
			$PY "$HERE/check-dump.py" truth --scenario "$s" --method qemu --format "$fmt" \
				--kernel-release "$KVER" --vmlinux "$VMLINUX" --console "$T/$s-qemu.console.log" \
				--dump "$s-qemu-$f.$ext" --module-name "$(module_of "$s")" --out "$T/$s-qemu-$f.json" ||
				{ fail "ground truth could not be parsed"; return 1; }
			$PY "$HERE/check-dump.py" check --vmlinux "$VMLINUX" --module "$WORK/module/$(module_of "$s")" "$T/$s-qemu-$f.json" ||
				{ fail "drgn check FAILED for $s-qemu-$f.$ext"; return 1; }
		done
	fi
	# publish: dumps and logs first, ground truth (the completion marker) last
	local g
	chmod 0644 "$T"/*.kdump "$T"/*.elf "$T"/*.console.log "$T"/*.json 2>/dev/null || true
	for g in "$T"/*.kdump "$T"/*.elf "$T"/*.console.log; do
		[ -e "$g" ] && mv -f "$g" "$CORPUS/"
	done
	for g in "$T"/*.json; do mv -f "$g" "$CORPUS/"; done
	rm -rf "$T"
	log "$s/$m done in $(elapsed "$t0") s"
}

# ---------------------------------------------------------------- run
failed=0
running=0
for w in "${todo[@]}"; do
	while [ "$running" -ge "$JOBS" ]; do
		wait -n || failed=1
		running=$((running - 1))
	done
	( run_job "${w%%:*}" "${w##*:}" ) &
	running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
	wait -n || failed=1
	running=$((running - 1))
done

if [ $failed != 0 ]; then
	die "some dumps failed (see above); nothing half-written was left in $CORPUS"
fi
write_manifest
# older corpora of this kernel (other inputs) are superseded: drop them
for old in "$OUT/$KVER"-????????????; do
	if [ ! -d "$old" ] || [ "$old" = "$CORPUS" ]; then continue; fi
	( exec 8>"$old/.lock" && flock -n 8 && rm -rf "$old" && log "removed superseded corpus $old" ) || true
done
ndumps=0
for g in "$CORPUS"/*.json; do [ "$g" = "$CORPUS/corpus.json" ] || ndumps=$((ndumps + 1)); done
log "corpus complete: $CORPUS ($ndumps dumps) in $(elapsed "$T_START") s"
