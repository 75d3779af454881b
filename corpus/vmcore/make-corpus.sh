#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make-corpus.sh - build pagerace's real vmcore corpus, one per kernel series.
#
# For each series, a Debian root (make-root.sh: debootstrap of the suite
# that ships the kernel, with its headers, compiler, QEMU, makedumpfile,
# kexec-tools and drgn) is made once and cached; inside it (in-root.sh:
# chroot in a private mount namespace) the cloud kernel boots under the
# root's QEMU, a reproducer module builds the memory state of a page-cache
# race A-E (or a negative) and crashes, the crash is captured with a
# kexec'd capture kernel + makedumpfile (the production way) and with QEMU
# dump-guest-memory; every dump gets its ground truth and is checked with
# the suite's drgn before it is kept.  The host's /boot, kernel modules,
# kexec settings and packages are never touched.  See README.md.
#
# usage: make-corpus.sh [--out DIR] [--series S[,S...]] [--variant 1|2|all]
#                       [--method kdump|qemu|all] [--only SCENARIO...]
#                       [--jobs N] [--kvm] [--mirror URL] [--large]
#   --out DIR     cache root (default $PAGERACE_VMCORE_DIR, else corpus/vmcore/cache);
#                 series S goes to DIR/S (its root in DIR/S/root, its
#                 corpus in DIR/S/current)
#   --series S    6.1 (bookworm), 6.12 (trixie), 7.2 (sid); default 6.1,6.12
#                 ($PAGERACE_VMCORE_SERIES)
#   --variant V   1: pagerace_repro.ko + lustre.ko (module/, file and function
#                 names of the original reports); 2: llcrash.ko (module/repro/,
#                 other files, other names of the same races); default all
#   --method M    kdump (kexec'd capture kernel), qemu (dump-guest-memory), all
#   --only S...   scenarios among A B C D E N S (default: all)
#   --jobs N      guests booted at the same time (default 2)
#   --kvm         use KVM when it works (default: TCG software emulation)
#   --mirror URL  Debian mirror for debootstrap (default: the host's apt source)
#   --large       also the large-dump scenario (opt-in, not run by default):
#                 variant 1's E (--only filters it) in a 4 GiB guest holding
#                 2,000 more sleeping processes and 1,152 MiB of page cache,
#                 captured by kdump (-d 31) as large-E-kdump.kdump
# Environment: PAGERACE_VMCORE_TIMEOUT (s per boot, 600),
#   PAGERACE_VMCORE_CRASHKERNEL (160M), PAGERACE_VMCORE_QEMU_MEM (160M),
#   PAGERACE_VMCORE_KEEP_FAILED=1 (keep a failed job in DIR/S/failed-*),
#   PAGERACE_VMCORE_LARGE=1 (same as --large), PAGERACE_VMCORE_LARGE_MEM (4G),
#   PAGERACE_VMCORE_LARGE_TASKS (2000), PAGERACE_VMCORE_LARGE_CACHE_MB (1152),
#   PAGERACE_VMCORE_LARGE_TIMEOUT (s per boot, 1200).
# Needs root (debootstrap, chroot) and the host package debootstrap.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${PAGERACE_VMCORE_DIR:-$HERE/cache}
SERIES=${PAGERACE_VMCORE_SERIES:-6.1,6.12}
VARIANT=all
METHOD=all
ONLY=()
USE_KVM=0
JOBS=${PAGERACE_VMCORE_JOBS:-2}
MIRROR=
IN_ROOT=
BOOT_TIMEOUT=${PAGERACE_VMCORE_TIMEOUT:-600}	# per boot, seconds
CRASHKERNEL=${PAGERACE_VMCORE_CRASHKERNEL:-160M}	# memory reserved for the capture kernel

ALL_KDUMP="A B C D E N S"	# scenarios captured by kdump
ALL_QEMU="A E"			# scenarios captured by dump-guest-memory (variant 1)
ALL_LARGE="E"			# scenarios of the large-dump scenario (--large, variant 1)
LARGE=${PAGERACE_VMCORE_LARGE:-0}
LARGE_MEM=${PAGERACE_VMCORE_LARGE_MEM:-4G}
LARGE_TASKS=${PAGERACE_VMCORE_LARGE_TASKS:-2000}
LARGE_CACHE_MB=${PAGERACE_VMCORE_LARGE_CACHE_MB:-1152}
LARGE_TIMEOUT=${PAGERACE_VMCORE_LARGE_TIMEOUT:-1200}
# the capture kernel of a 4 GiB guest: makedumpfile's bitmaps grow with RAM
LARGE_CRASHKERNEL=256M

die() { echo "make-corpus: ERROR: $*" >&2; exit 1; }
log() { echo "make-corpus: $*" >&2; }
usage() { sed -n '3,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'; exit "${1:-0}"; }

while [ $# -gt 0 ]; do
	case "$1" in
	--out) OUT=${2:?--out needs a directory}; shift 2 ;;
	--out=*) OUT=${1#*=}; shift ;;
	--series) SERIES=${2:?}; shift 2 ;;
	--series=*) SERIES=${1#*=}; shift ;;
	--variant) VARIANT=${2:?}; shift 2 ;;
	--variant=*) VARIANT=${1#*=}; shift ;;
	--kvm) USE_KVM=1; shift ;;
	--large) LARGE=1; shift ;;
	--method) METHOD=${2:?}; shift 2 ;;
	--method=*) METHOD=${1#*=}; shift ;;
	--jobs|-j) JOBS=${2:?}; shift 2 ;;
	--mirror) MIRROR=${2:?}; shift 2 ;;
	--in-root) IN_ROOT=${2:?}; shift 2 ;;	# internal: the series, run inside its root
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
case "$VARIANT" in 1|2|all) ;; *) die "--variant must be 1, 2 or all" ;; esac
for s in "${ONLY[@]}"; do
	case "$s" in A|B|C|D|E|N|S) ;; *) die "unknown scenario '$s' (A B C D E N S)" ;; esac
done
case "$JOBS" in ''|*[!0-9]*|0) die "--jobs needs a positive number" ;; esac

T_START=$(date +%s.%N)
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# series -> Debian suite, and the guest options the suite's tools need
suite_of() {
	case "$1" in
	6.1) echo bookworm ;;
	6.12) echo trixie ;;
	7.2) echo sid ;;
	*) return 1 ;;
	esac
}

# ================================================================ host side
if [ -z "$IN_ROOT" ]; then
	[ "$(id -u)" = 0 ] || die "run as root: the series roots are made with debootstrap and entered with chroot"
	mkdir -p "$OUT" || die "cannot create $OUT"
	OUT=$(cd "$OUT" && pwd -P)
	[ -e "$OUT/.gitignore" ] || printf '*\n' > "$OUT/.gitignore"
	list=$(echo "$SERIES" | tr ',' ' ')
	for se in $list; do suite_of "$se" >/dev/null || die "unknown series '$se' (6.1, 6.12, 7.2)"; done
	fwd=(--variant "$VARIANT" --method "$METHOD" --jobs "$JOBS")
	[ "$USE_KVM" = 1 ] && fwd+=(--kvm)
	[ "$LARGE" = 1 ] && fwd+=(--large)
	[ ${#ONLY[@]} -gt 0 ] && fwd+=(--only "${ONLY[@]}")
	# roots are downloads: make them all at once, then run the guests of one
	# series after the other (at most --jobs guests at a time)
	declare -A rootpid
	for se in $list; do
		mkdir -p "$OUT/$se"
		# a complete root is only given the peer tools it lacks (crash)
		[ -e "$OUT/$se/root/.complete" ] || log "series $se: making its $(suite_of "$se") root in $OUT/$se/root"
		bash "$HERE/make-root.sh" "$(suite_of "$se")" "$OUT/$se/root" $MIRROR &
		rootpid[$se]=$!
	done
	failed=0
	for se in $list; do
		if [ -n "${rootpid[$se]:-}" ]; then
			wait "${rootpid[$se]}" || { log "series $se: its root could not be made"; failed=1; continue; }
			log "series $se: root ready after $(elapsed "$T_START") s"
		fi
		t0=$(date +%s.%N)
		if bash "$HERE/in-root.sh" "$OUT/$se/root" --bind "$HERE" --bind "$OUT/$se" -- \
			/bin/bash "$HERE/make-corpus.sh" --in-root "$se" --out "$OUT/$se" "${fwd[@]}"; then
			touch "$OUT/READY-$se"
			log "series $se: corpus complete in $(elapsed "$t0") s ($OUT/$se/current)"
		else
			rm -f "$OUT/READY-$se"
			log "series $se: FAILED"
			failed=1
		fi
	done
	[ $failed = 0 ] || die "some series failed (see above)"
	log "all series done in $(elapsed "$T_START") s: $(du -sm "$OUT" | cut -f1) MB in $OUT"
	exit 0
fi

# ================================================================ in the root
SE=$IN_ROOT
PY=/usr/bin/python3
QEMU=qemu-system-x86_64
K=/opt/kernel
KVER=$(cat "$K/release" 2>/dev/null) || die "$K/release missing: not a corpus root"
VMLINUZ=$K/image/boot/vmlinuz-$KVER
VMLINUX=$K/vmlinux-$KVER
MODDIR=$K/image
[ -d "$MODDIR/lib/modules/$KVER" ] || MODDIR=$K/image/usr
KBUILD=/lib/modules/$KVER/build
[ -d "$KBUILD" ] || KBUILD=/usr/src/linux-headers-$KVER
[ -r "$VMLINUZ" ] || die "$VMLINUZ missing"
[ -r "$VMLINUX" ] || die "$VMLINUX missing"
[ -d "$KBUILD" ] || die "no headers for $KVER"
command -v "$QEMU" >/dev/null || die "QEMU not found in the root"
for b in /bin/busybox /usr/bin/makedumpfile /usr/sbin/kexec; do
	[ -x "$b" ] || die "$b not found in the root"
done
$PY -c 'import drgn' 2>/dev/null || die "$PY cannot import drgn (python3-drgn)"
# makedumpfile 1.7.6 does not know 6.12's free pages ("kernel version is not
# supported"), so -d 31 would keep them all: freed pages are zeroed instead
# (init_on_free=1), and makedumpfile drops zero pages.
# makedumpfile 1.7.8 (sid) does not know 7.1's compound_info (a mask, no
# longer a pointer to the head: the tail of a compound page is not found to
# be one), so it reads a tail page by its own fields; the first tail's word
# where a head keeps its mapping is -1 (ANON bit set), and -d 8 drops it as
# user memory: the task_struct's second page of a slab of order 3 (a 7.2 B
# dump: drgn "Excluded page" reading khugepaged's task).  7.2 keeps user
# pages (-d 23); its dumps are a little larger, not wrong.
# 7.2's Debian config starts DAMON_STAT at boot (DAMON_STAT_ENABLED_DEFAULT):
# its kdamond sets PG_idle on sampled physical pages at any time, so a page's
# flags in the dump differ from those the guest printed (a 7.2 B dump: the
# THP head's bit 23, PG_idle); damon_stat.enabled=N keeps the pages still.
GUEST_EXTRA=
case "$SE" in
6.1) ;;
6.12) GUEST_EXTRA="init_on_free=1" ;;
*) GUEST_EXTRA="init_on_free=1 pagerace_dumplevel=23 damon_stat.enabled=N" ;;
esac
# no_timer_check: under TCG on a loaded host the IO-APIC timer check can
# fail ("IO-APIC + timer doesn't work!", seen on a 6.12 guest)
GUEST_APPEND="console=ttyS0 loglevel=7 panic=-1 oops=panic panic_on_oops=1 no_timer_check"

# Which dumps are wanted: "variant:scenario:method" items.
want=()
sel() { if [ ${#ONLY[@]} -eq 0 ]; then echo "$1"; else for s in $1; do
	for o in "${ONLY[@]}"; do [ "$s" = "$o" ] && echo "$s"; done; done; fi; }
for v in 1 2; do
	[ "$VARIANT" = all ] || [ "$VARIANT" = "$v" ] || continue
	# a sysrq crash does not depend on the module: S is variant 1's only
	if [ "$METHOD" != qemu ]; then for s in $(sel "$ALL_KDUMP"); do
		[ $v != 1 ] && [ "$s" = S ] && continue
		want+=("$v:$s:kdump"); done; fi
	# QEMU's formats are the same for every module: variant 1 only
	if [ "$METHOD" != kdump ] && [ $v = 1 ]; then for s in $(sel "$ALL_QEMU"); do want+=("$v:$s:qemu"); done; fi
	# the large dump is a kdump of variant 1 only: its point is the size
	if [ "$LARGE" = 1 ] && [ "$METHOD" != qemu ] && [ $v = 1 ]; then
		for s in $(sel "$ALL_LARGE"); do want+=("$v:$s:large"); done
	fi
done
[ ${#want[@]} -gt 0 ] || die "nothing to do: no scenario of --only is captured by --method $METHOD"

# ---------------------------------------------------------------- cache key
# Every job has its own key: what makes its dump (the root's package
# versions, QEMU, the guest's options, its /init and the sources of its
# variant's modules).  A job is done when its ground-truth JSON (renamed in
# last) carries the current key; editing variant 2 leaves variant 1 alone.
# The drgn check is part of making a dump and is rerun on every dump by
# tests/run-vmcore-corpus.sh, so check-dump.py is not part of the key.
CORPUS=$OUT/$KVER
mkdir -p "$CORPUS" || die "cannot create $CORPUS"
# one writer per corpus; leftovers of a killed run are removed under the lock
exec 9>"$CORPUS/.lock"
if ! flock -n 9; then
	log "waiting for another make-corpus.sh working on $CORPUS"
	flock 9
fi
rm -rf "$CORPUS"/.tmp-* "$CORPUS"/.work.* "$CORPUS"/.*.tmp

# the sources of a variant's modules (shared files in both)
variant_sources() {
	(cd "$HERE" && find module -type f \( -name '*.[ch]' -o -name Kbuild \) | LC_ALL=C sort |
		if [ "$1" = 1 ]; then grep -v '^module/repro/'; else grep -E '^module/(repro/|repro\.h$|compat\.h$|repro_common\.c$|Kbuild$)'; fi)
}
QEMU_VERSION=$("$QEMU" --version | head -n 1)
job_key() {	# VARIANT METHOD
	{ cat "$K/versions"; echo "$QEMU_VERSION"; echo "method $2 $GUEST_APPEND $GUEST_EXTRA";
	  echo "crashkernel $CRASHKERNEL qemu-mem ${PAGERACE_VMCORE_QEMU_MEM:-160M}"
	  if [ "$2" = large ]; then
		echo "large mem $LARGE_MEM tasks $LARGE_TASKS cache $LARGE_CACHE_MB crashkernel $LARGE_CRASHKERNEL"
		echo "== corpus/vmcore/guest-large.sh"; cat "$HERE/guest-large.sh"
	  fi
	  for f in corpus/vmcore/guest-init.sh $(variant_sources "$1"); do
		echo "== $f"; cat "$HERE/${f#corpus/vmcore/}"; done; } | sha256sum | cut -c1-16
}
declare -A KEYS
for v in 1 2; do for m in kdump qemu; do KEYS[$v:$m]=$(job_key $v $m); done; done
KEYS[1:large]=$(job_key 1 large)

# file name prefix of a variant's dumps (METHOD: large dumps are large-)
vprefix() { if [ "${2:-}" = large ]; then echo "large-"; elif [ "$1" = 1 ]; then echo ""; else echo "v$1-"; fi; }
job_outputs() {
	local p
	p=$(vprefix "$1" "$3")
	case "$3" in
	kdump|large) echo "$p$2-kdump.json" ;;
	qemu) echo "$p$2-qemu-elf.json $p$2-qemu-zlib.json" ;;
	esac
}
# has_key JSON KEY: the truth file exists and was made with KEY.  With
# PAGERACE_VMCORE_ADOPT=1, a truth file made before jobs had keys is given
# the current key (a migration aid: say so when you use it).
has_key() {
	$PY - "$1" "$2" "${PAGERACE_VMCORE_ADOPT:-}" <<'EOF'
import json, os, sys
path, key, adopt = sys.argv[1:4]
try:
    t = json.load(open(path))
except (OSError, ValueError):
    sys.exit(1)
if "job_key" not in t and adopt == "1":
    t["job_key"] = key
    with open(path + ".tmp", "w") as fh:
        json.dump(t, fh, indent=1)
        fh.write("\n")
    os.rename(path + ".tmp", path)
    print("make-corpus: adopted %s (made before job keys)" % os.path.basename(path), file=sys.stderr)
sys.exit(0 if t.get("job_key") == key else 1)
EOF
}
todo=()
for w in "${want[@]}"; do
	IFS=: read -r v s m <<< "$w"
	done_=1
	for j in $(job_outputs "$v" "$s" "$m"); do has_key "$CORPUS/$j" "${KEYS[$v:$m]}" || done_=0; done
	[ $done_ = 1 ] || todo+=("$w")
done

write_manifest() {
	$PY - "$CORPUS" "$KVER" "$VMLINUX" "$SE" "$OUT/root" "$1" <<'EOF'
import json, os, sys
d, kver, vmlinux, series, root, complete = sys.argv[1:7]
dumps = []
for f in sorted(os.listdir(d)):
    if f.endswith(".json") and f != "corpus.json":
        with open(os.path.join(d, f)) as fh:
            t = json.load(fh)
        dumps.append({"truth": f, "dump": t["dump"], "scenario": t["scenario"],
                      "variant": t.get("variant", 1), "module": t["module"],
                      "method": t["method"], "format": t["format"]})
# paths as the host sees them (the root is OUT/root); root_* inside the root
m = {"series": series, "kernel_release": kver, "complete": complete == "complete",
     "vmlinux": root + vmlinux, "root": root, "root_vmlinux": vmlinux,
     "module_debug": root + "/opt/kernel/module-debug",
     "module": "pagerace_repro.ko",
     "modules": sorted({x["module"] for x in dumps}), "dumps": dumps}
tmp = os.path.join(d, ".corpus.json.tmp")
with open(tmp, "w") as fh:
    json.dump(m, fh, indent=1)
    fh.write("\n")
os.rename(tmp, os.path.join(d, "corpus.json"))
EOF
	ln -sfn "$(basename "$CORPUS")" "$OUT/current.tmp" && mv -T "$OUT/current.tmp" "$OUT/current"
}

if [ ${#todo[@]} -eq 0 ]; then
	write_manifest complete
	log "corpus $CORPUS is up to date (${#want[@]} jobs cached, nothing to do, $(elapsed "$T_START") s)"
	exit 0
fi
log "series $SE, kernel $KVER, corpus $CORPUS, jobs to run: ${todo[*]}"

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
# Variant 1: pagerace_repro.ko (B-E, N) and lustre.ko (A); variant 2:
# llcrash.ko (all of them, sources in module/repro/).  __FILE__ is mapped
# to the path inside module/ ("mm/truncate.c", "repro/thp_trunc.c"), as a
# kernel build prints paths relative to its tree; DWARF names the file in
# this repository.
module_of() {
	case "$1:$2" in
	2:*) echo llcrash.ko ;;
	1:A) echo lustre.ko ;;
	*) echo pagerace_repro.ko ;;
	esac
}
MODULES=$(for w in "${todo[@]}"; do IFS=: read -r v s m <<< "$w"; module_of "$v" "$s"; done | sed 's/\.ko$//' | LC_ALL=C sort -u)
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
	mods=$(modprobe -d "$MODDIR" --show-depends -S "$KVER" "$m" 2>/dev/null | awk '$1=="insmod"{print $2}') ||
		die "modprobe cannot resolve module $m for $KVER"
	[ "$m" = virtio_blk ] && mods="$(modprobe -d "$MODDIR" --show-depends -S "$KVER" virtio_pci | awk '$1=="insmod"{print $2}') $mods"
	: > "$R/lib/modules/$m.list"
	for ko in $mods; do
		case "$ko" in
		*.ko) cp "$MODDIR${ko#"$MODDIR"}" "$R/lib/modules/" ;;
		*.ko.xz) xz -dc "$MODDIR${ko#"$MODDIR"}" > "$R/lib/modules/$(basename "$ko" .xz)" ;;
		*.ko.zst) zstd -qdc "$MODDIR${ko#"$MODDIR"}" > "$R/lib/modules/$(basename "$ko" .zst)" ;;
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
cp "$HERE/guest-large.sh" "$R/init-large"
chmod 755 "$R/init" "$R/init-large"
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
# run_job VARIANT SCENARIO METHOD: boots, captures, writes truth, checks;
# all in a temp dir, renamed into the corpus only when every check passed.
run_job() {
	local v=$1 s=$2 m=$3 t0 T rc mem extra=() append initrd p mod key=$1:$3 timeout=$BOOT_TIMEOUT
	local ck=$CRASHKERNEL disk=256M
	p=$(vprefix "$v" "$m")
	mod=$(module_of "$v" "$s")
	t0=$(date +%s.%N)
	T=$(mktemp -d "$CORPUS/.tmp-$p$s-$m.XXXXXX")
	if [ "$m" = large ]; then
		# a kdump job of a full 4 GiB machine (guest-large.sh fills it)
		m=kdump
		ck=$LARGE_CRASHKERNEL
		disk=4G
		timeout=$LARGE_TIMEOUT
	fi
	append="$GUEST_APPEND pagerace_scenario=$s pagerace_method=$m pagerace_module=${mod%.ko} $GUEST_EXTRA"
	[ "$s" = C ] && append="$append panic_on_warn=1"
	[ "$p" = large- ] && append="$append rdinit=/init-large pagerace_tasks=$LARGE_TASKS pagerace_cache_mb=$LARGE_CACHE_MB"
	if [ "$m" = kdump ]; then
		mem=512M
		[ "$p" = large- ] && mem=$LARGE_MEM
		initrd=$WORK/initrd.cpio
		append="$append crashkernel=$ck"
		truncate -s "$disk" "$T/disk.img"
		extra=(-drive "file=$T/disk.img,if=virtio,format=raw,cache=unsafe")
	else
		# no capture kernel: the base initrd will do, and less RAM
		# means a smaller ELF (dump-guest-memory writes all of it)
		mem=${PAGERACE_VMCORE_QEMU_MEM:-160M}
		initrd=$WORK/capture.cpio
		case "$append" in *init_on_free=1*) ;; *) append="$append init_on_free=1" ;; esac
		extra=(-device pvpanic -device vmcoreinfo -action panic=pause
		       -qmp "unix:$T/qmp.sock,server=on,wait=off")
	fi
	local qemu=("$QEMU" -name "pagerace-$p$s-$m" "${ACCEL[@]}" -smp 2 -m "$mem"
		-nodefaults -display none -no-reboot -serial "file:$T/console.log"
		-kernel "$VMLINUZ" -initrd "$initrd" -append "$append" "${extra[@]}")
	fail() {
		echo "make-corpus: ERROR: $p$s/$m: $*" >&2
		if [ -s "$T/console.log" ]; then
			echo "---- last console lines ($p$s/$m) ----" >&2
			tail -n 25 "$T/console.log" >&2
		fi
		if [ -n "${PAGERACE_VMCORE_KEEP_FAILED:-}" ]; then
			rm -rf "$OUT/failed-$p$s-$m"
			mv "$T" "$OUT/failed-$p$s-$m" && echo "make-corpus: kept for debugging: $OUT/failed-$p$s-$m" >&2
		fi
		rm -rf "$T"
		return 1
	}
	if [ "$m" = kdump ]; then
		rc=0
		timeout -k 5 "$timeout" "${qemu[@]}" > "$T/qemu.out" 2>&1 || rc=$?
		if [ $rc = 124 ] || [ $rc = 137 ]; then
			if grep -q 'pagerace-capture: capture kernel up' "$T/console.log"; then
				fail "timeout after ${timeout}s: the capture kernel hung writing the dump"
			elif grep -qE 'Kernel panic|Oops:|kernel BUG|WARNING: CPU|sysrq: Trigger' "$T/console.log"; then
				fail "timeout after ${timeout}s: the guest panicked but the capture kernel never came up"
			else
				fail "timeout after ${timeout}s: the guest never panicked"
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
		makedumpfile -R "$T/$p$s-kdump.kdump" < "$T/disk.img" > "$T/mdf-R.out" 2>&1 ||
			{ cat "$T/mdf-R.out" >&2; fail "makedumpfile -R failed"; return 1; }
		rm -f "$T/disk.img"
		mv "$T/console.log" "$T/$p$s-kdump.console.log"
		$PY "$HERE/check-dump.py" truth --scenario "$s" --variant "$v" --method kdump --format kdump-compressed \
			--kernel-release "$KVER" --vmlinux "$VMLINUX" --console "$T/$p$s-kdump.console.log" \
			--dump "$p$s-kdump.kdump" --module-name "$mod" --job-key "${KEYS[$key]}" --out "$T/$p$s-kdump.json" ||
			{ fail "ground truth could not be parsed"; return 1; }
		$PY "$HERE/check-dump.py" check --vmlinux "$VMLINUX" --module-debug "$K/module-debug" --module "$WORK/module/$mod" "$T/$p$s-kdump.json" ||
			{ fail "drgn check FAILED for $p$s-kdump.kdump"; return 1; }
	else
		rc=0
		"${qemu[@]}" > "$T/qemu.out" 2>&1 &
		local qpid=$!
		$PY "$HERE/qmp-dump.py" "$T/qmp.sock" "$BOOT_TIMEOUT" \
			"elf-paging:$T/$p$s-qemu-elf.elf" "kdump-zlib:$T/$p$s-qemu-zlib.flat" > "$T/qmp.out" 2>&1 || rc=$?
		wait "$qpid" || true
		[ $rc = 2 ] && { cat "$T/qmp.out" >&2; fail "timeout after ${BOOT_TIMEOUT}s: the guest never panicked"; return 1; }
		[ $rc = 0 ] || { cat "$T/qmp.out" "$T/qemu.out" >&2; fail "dump-guest-memory failed"; return 1; }
		# QEMU 7.2 writes kdump-zlib in makedumpfile's flattened format
		if head -c 16 "$T/$p$s-qemu-zlib.flat" | grep -q 'makedumpfile'; then
			makedumpfile -R "$T/$p$s-qemu-zlib.kdump" < "$T/$p$s-qemu-zlib.flat" > "$T/mdf-R.out" 2>&1 ||
				{ cat "$T/mdf-R.out" >&2; fail "makedumpfile -R (qemu kdump-zlib) failed"; return 1; }
			rm -f "$T/$p$s-qemu-zlib.flat"
		else
			mv "$T/$p$s-qemu-zlib.flat" "$T/$p$s-qemu-zlib.kdump"
		fi
		mv "$T/console.log" "$T/$p$s-qemu.console.log"
		local f fmt
		for f in elf zlib; do
			case $f in
			elf) fmt=elf-paging; ext=elf ;;
			zlib) fmt="qemu-kdump-zlib"; ext=kdump ;;
			esac
			$PY "$HERE/check-dump.py" truth --scenario "$s" --variant "$v" --method qemu --format "$fmt" \
				--kernel-release "$KVER" --vmlinux "$VMLINUX" --console "$T/$p$s-qemu.console.log" \
				--dump "$p$s-qemu-$f.$ext" --module-name "$mod" --job-key "${KEYS[$v:$m]}" --out "$T/$p$s-qemu-$f.json" ||
				{ fail "ground truth could not be parsed"; return 1; }
			$PY "$HERE/check-dump.py" check --vmlinux "$VMLINUX" --module-debug "$K/module-debug" --module "$WORK/module/$mod" "$T/$p$s-qemu-$f.json" ||
				{ fail "drgn check FAILED for $p$s-qemu-$f.$ext"; return 1; }
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
	log "$p$s/$m done in $(elapsed "$t0") s"
}

# ---------------------------------------------------------------- run
failed=0
running=0
for w in "${todo[@]}"; do
	while [ "$running" -ge "$JOBS" ]; do
		wait -n || failed=1
		running=$((running - 1))
	done
	( IFS=: read -r v s m <<< "$w"; run_job "$v" "$s" "$m" ) &
	running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
	wait -n || failed=1
	running=$((running - 1))
done

if [ $failed != 0 ]; then
	# the dumps that were made are good: list them, but not as complete
	write_manifest partial
	die "some dumps failed (see above); nothing half-written was left in $CORPUS"
fi
write_manifest complete
ndumps=0
for g in "$CORPUS"/*.json; do [ "$g" = "$CORPUS/corpus.json" ] || ndumps=$((ndumps + 1)); done
log "corpus complete: $CORPUS ($ndumps dumps) in $(elapsed "$T_START") s"
