#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vmcores (issue 5, first half): on every dump of the corpus built by
# corpus/vmcore/make-corpus.sh, pagerace's kernel log equals drgn's
# get_dmesg() line for line, the dump's facts (release, KASLR offset,
# build id) agree with drgn and the vmlinux, and the record's kind, title
# and task agree with the ground truth; a missing vmlinux gives a partial
# report.  Then bad dumps made from a real one (truncated, zero-filled,
# bit-flipped, wrong vmlinux, no VMCOREINFO, flattened): a clear error or
# a partial report, never a crash, in bounded time.
#
# Corpus: $PAGERACE_VMCORE_DIR (a directory with corpus.json, or a cache
# root with current/corpus.json), else corpus/vmcore/cache.
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

vmcore_each_corpus "$0"
if ! vmcore_corpus; then
	echo "1..0 # SKIP no vmcore corpus (looked in $VMCORE_ROOT)"
	exit 0
fi
DIR=$VMCORE_DIR
FAKE=$abs_srcdir/tests/vmcore-fake.py
# Under ASan: libkdumpfile 0.5.1 leaks a 104-byte object on some failed
# reads of corrupt dumps; that is its leak, not pagerace's.
printf 'leak:libkdumpfile.so\n' >"$tmpdir/lsan.supp"
export LSAN_OPTIONS="suppressions=$tmpdir/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
LIMIT=${PAGERACE_VMCORE_TIMEOUT:-120}
have_drgn=0
vmcore_py -c 'import drgn' 2>/dev/null && have_drgn=1
echo "# corpus: $DIR"

skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP $*"
}

# run_bounded and dump_no_crash: tests/test-subr.sh.
no_crash() { dump_no_crash "$@"; }

json_get() {
	"$PYTHON" -c 'import json,sys
d = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    d = d[int(k)] if isinstance(d, list) else d.get(k)
print("" if d is None else d)' "$1" "$2"
}

VMLINUX=$(json_get "$DIR/corpus.json" vmlinux)
[ -f "$VMLINUX" ] || VMLINUX=
RELEASE=$(json_get "$DIR/corpus.json" kernel_release)
# The link-time address of _stext, to check the KASLR offset with.
STEXT=
for map in "${VMLINUX%/*}/System.map-$RELEASE" "/boot/System.map-$RELEASE"; do
	[ -f "$map" ] && STEXT=$(awk '$3 == "_stext" { print $1; exit }' "$map") && break
done
[ -z "$STEXT" ] && [ -n "$VMLINUX" ] &&
	STEXT=$(readelf -sW "$VMLINUX" | awk '$8 == "_stext" { print $2; exit }')

# drgn's view of a dump: the kernel log, and the KASLR offset.
drgn_read() {
	vmcore_py - "$1" "$VMLINUX" "$2" "$3" <<'EOF'
import sys, drgn
from drgn.helpers.linux.printk import get_dmesg
prog = drgn.Program()
prog.set_core_dump(sys.argv[1])
try:
    prog.load_debug_info([sys.argv[2]] if sys.argv[2] else [])
except drgn.MissingDebugInfoError:
    pass
open(sys.argv[3], "wb").write(get_dmesg(prog))
stext = sys.argv[4]
if stext:
    print("0x%x" % (prog.symbol("_stext").address - int(stext, 16)))
EOF
}

# Expected kind from the ground truth's panic line.
kind_of() {
	case $1 in
	*"NULL pointer dereference"*) echo null_deref ;;
	*"kernel BUG"*) echo bug ;;
	"WARNING"*) echo warning ;;
	*"general protection fault"*) echo gpf ;;
	*"paging request"*) echo paging_request ;;
	*sysrq*) echo panic ;;
	*) echo unknown ;;
	esac
}

check_dump() {
	local truth=$DIR/$1 dump=$DIR/$2 what=$3
	local scenario crasher pid want_kind drgn_src kaslr
	scenario=$(json_get "$truth" scenario)
	crasher=$(json_get "$truth" expected.crasher_stack.0)
	want_kind=$(kind_of "$(json_get "$truth" expected.panic)")
	pid=$("$PYTHON" -c 'import json,sys
for a in json.load(open(sys.argv[1]))["guest"]["actors"]:
    if a["role"] == "crasher": print(a["pid"])' "$truth")

	# The kernel log, against drgn reading the same dump (drgn 0.0.22
	# cannot open QEMU's kdump files: their header names no
	# architecture; the ELF dump of the same guest has the same log).
	run_bounded analyze --kernel-log "$dump"
	cp "$tmpdir/out" "$tmpdir/pgr-dmesg"
	drgn_src=$dump
	kaslr=
	if [ $have_drgn = 0 ]; then
		skip "$what: kernel log vs drgn (no drgn)"
	elif kaslr=$(drgn_read "$drgn_src" "$tmpdir/drgn-dmesg" "$STEXT" 2>/dev/null) ||
		{ drgn_src=$DIR/$scenario-qemu-elf.elf && [ -f "$drgn_src" ] &&
		  kaslr=$(drgn_read "$drgn_src" "$tmpdir/drgn-dmesg" "$STEXT" 2>/dev/null); }; then
		if [ "$rc" -eq 0 ] && [ -s "$tmpdir/pgr-dmesg" ] &&
			cmp -s "$tmpdir/pgr-dmesg" "$tmpdir/drgn-dmesg"; then
			tap_result 0 "$what: kernel log equals drgn's ($(wc -l <"$tmpdir/pgr-dmesg") lines${drgn_src#"$dump"})"
		else
			tap_result 1 "$what: kernel log equals drgn's"
			diff "$tmpdir/pgr-dmesg" "$tmpdir/drgn-dmesg" | head -10 | sed 's/^/# /'
			sed 's/^/# stderr: /' "$tmpdir/err" | head -5
		fi
	else
		skip "$what: kernel log vs drgn (drgn cannot open it)"
	fi

	# Facts.
	run_bounded analyze --dump-info ${VMLINUX:+--vmlinux "$VMLINUX"} "$dump"
	check "$what: release is $RELEASE" grep -qx "release: $RELEASE" "$tmpdir/out"
	if [ -n "$kaslr" ]; then
		check "$what: KASLR offset $kaslr agrees with drgn" grep -qx "kaslr-offset: $kaslr" "$tmpdir/out"
	else
		skip "$what: KASLR offset (no drgn or no System.map)"
	fi
	if [ -n "$VMLINUX" ]; then
		local bid
		bid=$(readelf -nW "$VMLINUX" | sed -n 's/.*Build ID: *\([0-9a-f]*\).*/\1/p' | head -1)
		check "$what: build id is the vmlinux's" grep -qx "build-id: $bid" "$tmpdir/out"
		check "$what: the vmlinux matches" grep -qx "vmlinux: $VMLINUX" "$tmpdir/out"
	else
		skip "$what: build id (no vmlinux)"
		skip "$what: vmlinux match (no vmlinux)"
	fi

	# The record.
	if [ -n "$VMLINUX" ]; then
		run_bounded analyze --format=json --vmlinux "$VMLINUX" "$dump"
		no_crash "$what: analyse with vmlinux"
		cp "$tmpdir/out" "$tmpdir/with.json"
		check "$what: source vmcore, kind $want_kind, title in $crasher, pid $pid" \
			"$PYTHON" - "$tmpdir/with.json" "$want_kind" "$crasher" "$pid" "$RELEASE" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
assert len(doc["reports"]) == 1, "%d reports" % len(doc["reports"])
r = doc["reports"][0]["record"]
assert r["source"] == "vmcore", r["source"]
assert r["kind"] == sys.argv[2], "kind %s, want %s" % (r["kind"], sys.argv[2])
assert r["title"].endswith(" in " + sys.argv[3]), "title %r" % r["title"]
assert str(r["pid"]) == sys.argv[4], "pid %s, want %s" % (r["pid"], sys.argv[4])
assert r["kernel_version"] == sys.argv[5], r["kernel_version"]
EOF
	else
		skip "$what: analyse with vmlinux (no vmlinux)"
		skip "$what: record against ground truth (no vmlinux)"
	fi

	# No vmlinux anywhere: a partial report that says what it lacks.
	mkdir -p "$tmpdir/noroot"
	run_bounded analyze --format=json --debug-root "$tmpdir/noroot" "$dump"
	no_crash "$what: analyse without vmlinux"
	check "$what: without vmlinux: warning lists where it looked" \
		grep -q "warning: .*no vmlinux for kernel $RELEASE (looked in $tmpdir/noroot/usr/lib/debug/boot/vmlinux-$RELEASE, " "$tmpdir/err"
	check "$what: without vmlinux: same kind and title, read from the dump alone (a vmcore-no-vmlinux finding)" \
		"$PYTHON" - "$tmpdir/out" "$want_kind" "$crasher" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["reports"][0]["record"]
assert r["kind"] == sys.argv[2] and r["title"].endswith(" in " + sys.argv[3]), r["title"]
assert any(f["id"] == "vmcore-no-vmlinux" and "no file:line" in f["text"] for f in r["findings"]), r["findings"]
assert r["tasks"], "no tasks from the dump alone"
EOF
}

while IFS=$'\t' read -r truth dump what; do
	check_dump "$truth" "$dump" "$what"
done < <("$PYTHON" - "$DIR/corpus.json" <<'EOF'
import json, sys
for d in json.load(open(sys.argv[1]))["dumps"]:
    print("%s\t%s\t%s/%s/%s" % (d["truth"], d["dump"], d["scenario"], d["method"], d["format"]))
EOF
)

# ---- QEMU ELF dumps (paging) against the kdump-zlib dump of the same
# paused guest.  libkdumpfile 0.5.1 read some module pages of these ELF
# files as zeros through their PT_LOAD p_vaddr (see setup_xlat() in
# src/vmcore/dump.c), so the unwinder lost module code and ORC data and
# the crashed task's stack stopped in pvpanic_panic_notify.  (The
# record's own frames and module list come from the oops text in the
# kernel log and did not show it.)  The crashed task's unwound stack must
# reach the scenario's crasher functions, and since both files hold the
# same memory, every task's unwound stack must equal the twin's.
check_elf_twin() {
	local truth=$DIR/$1 elf=$DIR/$2 what=$3 scenario twin
	scenario=$(json_get "$truth" scenario)
	run_bounded analyze --format=json --vmlinux "$VMLINUX" "$elf"
	no_crash "$what: analyse"
	cp "$tmpdir/out" "$tmpdir/elf.json"
	check "$what: crashed task's unwound stack reaches the crasher's functions" \
		"$PYTHON" "$abs_srcdir/tests/vmcore-crasher-stack.py" "$tmpdir/elf.json" "$truth"
	twin=$("$PYTHON" - "$DIR/corpus.json" "$scenario" <<'EOF'
import json, sys
for d in json.load(open(sys.argv[1]))["dumps"]:
    if (d["scenario"], d["method"], d["format"]) == (sys.argv[2], "qemu", "qemu-kdump-zlib"):
        print(d["dump"])
EOF
)
	if [ -z "$twin" ] || [ ! -f "$DIR/$twin" ]; then
		skip "$what: every task's stack equals its kdump-zlib twin's (none)"
		return
	fi
	run_bounded analyze --format=json --vmlinux "$VMLINUX" "$DIR/$twin"
	cp "$tmpdir/out" "$tmpdir/twin.json"
	check "$what: every task's unwound stack equals $twin's" \
		"$PYTHON" - "$tmpdir/elf.json" "$tmpdir/twin.json" <<'EOF'
import json, sys
def tasks(path):
    r = json.load(open(path))["reports"][0]["record"]
    return [(t["pid"], t["comm"], t["crashed"],
             [(f["function"], f["module"], f["offset"]) for f in t["frames"]])
            for t in r["tasks"]]
elf, twin = tasks(sys.argv[1]), tasks(sys.argv[2])
assert elf, "no tasks"
assert len(elf) == len(twin), "%d tasks, twin %d" % (len(elf), len(twin))
bad = [(a, b) for a, b in zip(elf, twin) if a != b]
assert not bad, "\n".join("ours %s\ntwin %s" % ab for ab in bad[:3])
EOF
}

if [ -n "$VMLINUX" ]; then
	while IFS=$'\t' read -r truth dump what; do
		check_elf_twin "$truth" "$dump" "$what"
	done < <("$PYTHON" - "$DIR/corpus.json" <<'EOF'
import json, sys
for d in json.load(open(sys.argv[1]))["dumps"]:
    if d["method"] == "qemu" and d["format"] == "elf-paging":
        print("%s\t%s\t%s/%s/%s" % (d["truth"], d["dump"], d["scenario"], d["method"], d["format"]))
EOF
)
else
	skip "QEMU ELF dumps against their kdump-zlib twins (no vmlinux)"
fi

# ---- Bad dumps, made from the first kdump-compressed and ELF dumps.
KDUMP=$(ls "$DIR"/*.kdump 2>/dev/null | head -1)
ELF=$(ls "$DIR"/*.elf 2>/dev/null | head -1)
bad() { # NAME FILE ARGS...: clear error (naming the file) or partial report
	local name=$1 file=$2
	shift 2
	run_bounded analyze -q "$@" "$file"
	no_crash "$name"
	if [ "$rc" -eq 2 ]; then
		check "$name: the error names the file" grep -q "pagerace: .*${file##*/}" "$tmpdir/err"
	fi
}
if [ -n "$KDUMP" ]; then
	size=$(stat -c %s "$KDUMP")
	for cut in 100 8192 65536 $((size / 2)) $((size - 4096)); do
		head -c "$cut" "$KDUMP" >"$tmpdir/cut.kdump"
		bad "kdump cut at $cut bytes" "$tmpdir/cut.kdump"
	done
	head -c 8192 "$KDUMP" >"$tmpdir/cut.kdump"
	run_bounded analyze -q "$tmpdir/cut.kdump"
	check "kdump cut in its headers: error says truncated" grep -q "cut.kdump: truncated or corrupt dump" "$tmpdir/err"

	truncate -s "$size" "$tmpdir/zero.kdump"
	bad "zero-filled dump" "$tmpdir/zero.kdump"
	{ head -c 65536 "$KDUMP"; head -c $((size - 65536)) /dev/zero; } >"$tmpdir/zerobody.kdump"
	bad "kdump with its pages zeroed" "$tmpdir/zerobody.kdump"
	for seed in 1 2 3; do
		"$PYTHON" - "$KDUMP" "$tmpdir/flip.kdump" "$seed" <<'EOF'
import random, shutil, sys
shutil.copyfile(sys.argv[1], sys.argv[2])
r = random.Random(int(sys.argv[3]))
with open(sys.argv[2], "r+b") as f:
    size = f.seek(0, 2)
    # a few bytes in the middle, a few in the headers and page table
    for off in [r.randrange(size // 3, 2 * size // 3) for _ in range(8)] + \
               [r.randrange(0, 65536) for _ in range(3)]:
        f.seek(off); b = f.read(1); f.seek(off)
        f.write(bytes([b[0] ^ (1 << r.randrange(8))]))
EOF
		bad "bit-flipped kdump (seed $seed)" "$tmpdir/flip.kdump" ${VMLINUX:+--vmlinux "$VMLINUX"}
	done
	if command -v makedumpfile >/dev/null; then
		# Read as it is (rebuilt in a temporary file): the same
		# kernel log as the dump it was made from.
		makedumpfile -F -d 31 "$KDUMP" >"$tmpdir/flat.kdump" 2>/dev/null
		run_bounded analyze --kernel-log "$tmpdir/flat.kdump"
		mv "$tmpdir/out" "$tmpdir/flat.log"
		run_bounded analyze --kernel-log "$KDUMP"
		check "flattened dump: read, the same kernel log as the dump" cmp "$tmpdir/flat.log" "$tmpdir/out"
	else
		skip "flattened dump (no makedumpfile)"
	fi

	# The wrong vmlinux: an explicit one that does not match is an error
	# naming both files.
	run_bounded analyze -q --vmlinux /bin/ls "$KDUMP"
	check "--vmlinux /bin/ls: not a vmlinux" grep -q "/bin/ls: not a vmlinux" "$tmpdir/err"
	"$PYTHON" "$FAKE" vmlinux "$tmpdir/other-build.elf" --build-id 0123456789abcdef0123456789abcdef01234567
	run_bounded analyze -q --vmlinux "$tmpdir/other-build.elf" "$KDUMP"
	check "vmlinux of another build: exit 2" test "$rc" -eq 2
	check "vmlinux of another build: both files and both build ids named" \
		grep -q "vmlinux $tmpdir/other-build.elf does not match the dump $KDUMP: its build id is 0123456789abcdef0123456789abcdef01234567, the dump's (VMCOREINFO BUILD-ID) is" "$tmpdir/err"
	"$PYTHON" "$FAKE" vmlinux "$tmpdir/moved.elf" --sym _stext=ffffffff81200000
	run_bounded analyze -q --vmlinux "$tmpdir/moved.elf" "$KDUMP"
	check "vmlinux without build id, symbols elsewhere: mismatch names the symbol" \
		grep -q "moved.elf does not match the dump .*: _stext is at 0xffffffff81200000 in the vmlinux" "$tmpdir/err"
fi
if [ -n "$ELF" ]; then
	size=$(stat -c %s "$ELF")
	for cut in 64 5000 $((size / 2)); do
		head -c "$cut" "$ELF" >"$tmpdir/cut.elf"
		bad "ELF dump cut at $cut bytes" "$tmpdir/cut.elf"
	done
	# QEMU writes its section-name table after the memory: a QEMU core
	# cut short has lost it and is read from its program headers alone,
	# naming what is missing (run-vmcore-partial.sh cuts it at 10 sizes).
	check "ELF dump cut in half: read, the memory and the section past the end named missing" \
		grep -q "cut.elf: incomplete dump: .* segments, are missing, and so is its section-name table" "$tmpdir/err"
	rm -f "$tmpdir/cut.elf"
fi
"$PYTHON" "$FAKE" core "$tmpdir/novmci.core"
run_bounded analyze -q "$tmpdir/novmci.core"
check "ELF core without VMCOREINFO: exit 2" test "$rc" -eq 2
check "ELF core without VMCOREINFO: says so" grep -q "novmci.core: the dump has no VMCOREINFO" "$tmpdir/err"
tap_done
