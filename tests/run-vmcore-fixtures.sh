#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The vmcore fixtures (tests/data/vmcore: real dumps cut down to the pages
# pagerace reads), on every machine: each gives the whole dump's kernel
# log and facts, read as it is and compressed, and a record that agrees
# with the corpus's ground truth (kind, title, crashing task, release)
# with a vmcore-unread finding for the missing vmlinux; the JSON validates.
# With the corpus's vmlinux at hand (PAGERACE_VMCORE_DIR), the crashed
# task's unwound stack holds the ground truth's crasher functions.  Each
# dump cut at 10 sizes is read as far as it goes (kdump and ELF alike).
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

FIX=$abs_srcdir/tests/data/vmcore
schema=$abs_srcdir/schema/pagerace-analyze-2.schema.json
LIMIT=${PAGERACE_VMCORE_TIMEOUT:-120}
printf 'leak:libkdumpfile.so\n' >"$tmpdir/lsan.supp"
export LSAN_OPTIONS="suppressions=$tmpdir/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
noroot=$tmpdir/noroot
mkdir -p "$noroot"
no_crash() { dump_no_crash "$@"; }

truth() { # FILE KEY.PATH
	"$PYTHON" -c 'import json, sys
d = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    d = d[int(k)] if isinstance(d, list) else d.get(k)
print("" if d is None else d)' "$1" "$2"
}

for packed in "$FIX"/*.xz; do
	name=${packed##*/}
	name=${name%.xz}
	base=${name%.*}
	dump=$tmpdir/$name
	xz -dc "$packed" >"$dump"
	tr=$FIX/$base.truth.json
	release=$(truth "$tr" kernel_release)

	for input in "$dump" "$packed"; do
		how=$([ "$input" = "$packed" ] && echo "xz-compressed" || echo "as it is")
		run_bounded analyze --kernel-log "$input"
		check "$base ($how): the whole dump's kernel log ($(wc -l <"$FIX/$base.kernel-log") lines)" \
			cmp "$tmpdir/out" "$FIX/$base.kernel-log"
	done
	run_bounded analyze --dump-info --debug-root "$noroot" "$dump"
	sed -i "s|$dump|DUMP|; s|$noroot|NOROOT|g" "$tmpdir/out"
	check "$base: the whole dump's facts (--dump-info)" diff "$FIX/$base.dump-info" "$tmpdir/out"

	run_bounded analyze --format=json --debug-root "$noroot" "$dump"
	no_crash "$base: analyze without vmlinux"
	tap_result "$rc" "$base: analyze without vmlinux: exit 0 (got $rc)"
	cp "$tmpdir/out" "$tmpdir/novml.json"
	validate_json "$schema" "$tmpdir/novml.json" >"$tmpdir/v.out" 2>&1
	tap_result $? "$base: the report validates"
	cat "$tmpdir/v.out"
	check "$base: record agrees with the ground truth" \
		"$PYTHON" - "$tmpdir/novml.json" "$tr" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
truth = json.load(open(sys.argv[2]))
assert len(doc["reports"]) == 1, "%d reports" % len(doc["reports"])
r = doc["reports"][0]["record"]
panic = truth["expected"]["panic"]
kind = {"NULL pointer dereference": "null_deref", "kernel BUG": "bug",
        "general protection fault": "gpf", "paging request": "paging_request"}
want = [v for k, v in kind.items() if k in panic]
assert want and r["kind"] == want[0], (r["kind"], panic)
assert r["source"] == "vmcore", r["source"]
assert r["title"].endswith(" in " + truth["expected"]["crasher_stack"][0]), r["title"]
crasher = [a for a in truth["guest"]["actors"] if a["role"] == "crasher"][0]
assert r["pid"] == crasher["pid"] and r["comm"] == crasher["comm"], (r["pid"], r["comm"])
assert r["kernel_version"] == truth["kernel_release"], r["kernel_version"]
assert any(f["id"] == "vmcore-unread" and "no vmlinux" in f["text"]
           for f in r["findings"]), r["findings"]
EOF

	# With the corpus's vmlinux: the memory the unwinder needs is there.
	vmlinux=
	for v in "${PAGERACE_VMCORE_DIR:-$abs_srcdir/corpus/vmcore/cache}"/*/root/opt/kernel/vmlinux-"$release" \
		"/usr/lib/debug/boot/vmlinux-$release"; do
		[ -r "$v" ] && vmlinux=$v && break
	done
	if [ -z "$vmlinux" ]; then
		tap_skip 1 "$base: with vmlinux (no vmlinux-$release: the corpus is absent)"
	else
		run_bounded analyze --format=json --vmlinux "$vmlinux" "$dump"
		cp "$tmpdir/out" "$tmpdir/vml.json"
	fi
	[ -n "$vmlinux" ] && check "$base: with vmlinux, the crashed task's stack holds the crasher's functions" \
		"$PYTHON" - "$tmpdir/vml.json" "$tr" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["reports"][0]["record"]
want = json.load(open(sys.argv[2]))["expected"]["crasher_stack"]
crashed = [t for t in r["tasks"] if t["crashed"]]
assert len(crashed) == 1, "%d crashed tasks" % len(crashed)
names = [f["normalized"] for f in crashed[0]["frames"]]
missing = [w for w in want if w not in names]
assert not missing, "missing %s in %s" % (missing, names)
assert r["pages"], "no page"
EOF

	# Cut at 10 sizes between the end of its headers and its end (a
	# disk that filled): each cut reads without a crash, says what it
	# lacks, and gives at least what every smaller cut gave (kernel log
	# lines, frames, tasks, pages).
	size=$(stat -c %s "$dump")
	hdr_end=$("$PYTHON" - "$dump" <<'EOF'
import struct, sys
d = open(sys.argv[1], "rb").read(1 << 20)
if d[:8] == b"KDUMP   ":
    # Headers and bitmaps: (1 + sub_hdr_size + bitmap_blocks) blocks.
    bs, sub, bitmap = struct.unpack_from("<III", d, 428)
    print((1 + sub + bitmap) * bs)
else:
    phoff, = struct.unpack_from("<Q", d, 32)
    n, = struct.unpack_from("<H", d, 56)
    end = phoff + 56 * n
    for i in range(n):
        t, _, off, _, _, filesz, _, _ = struct.unpack_from("<IIQQQQQQ", d, phoff + 56 * i)
        if t == 4:
            end = max(end, off + filesz)
    print(end)
EOF
)
	vml=()
	[ -n "$vmlinux" ] && vml=(--vmlinux "$vmlinux")
	prev="0 0 0 0"
	prev_cut=0
	for i in 1 2 3 4 5 6 7 8 9 10; do
		cut=$((hdr_end + (size - hdr_end) * i / 10))
		head -c "$cut" "$dump" >"$tmpdir/cut"
		what="$base cut at $cut of $size bytes"
		run_bounded analyze --dump-info "$tmpdir/cut"
		no_crash "$what: --dump-info"
		if [ "$cut" -lt "$size" ]; then
			check "$what: says what it lacks" grep -Eq '^complete: no: .* missing' "$tmpdir/out"
		else
			check "$what (whole): complete" grep -q '^complete: yes' "$tmpdir/out"
		fi
		log=0
		run_bounded analyze --kernel-log "$tmpdir/cut"
		[ "$rc" -eq 0 ] && log=$(wc -l <"$tmpdir/out")
		run_bounded analyze --format=json --debug-root "$noroot" "${vml[@]}" "$tmpdir/cut"
		no_crash "$what: analyze"
		if [ "$rc" -eq 0 ] && [ "$cut" -lt "$size" ]; then
			check "$what: the report is marked vmcore-incomplete" grep -q '"vmcore-incomplete"' "$tmpdir/out"
		fi
		facts="0 0 0"
		[ "$rc" -eq 0 ] && facts=$("$PYTHON" -c 'import json, sys
r = json.load(open(sys.argv[1]))["reports"]
rec = r[0]["record"] if r else {}
print(len(rec.get("frames") or []), len(rec.get("tasks") or []), len(rec.get("pages") or []))' "$tmpdir/out")
		now="$log $facts"
		# shellcheck disable=SC2086
		set -- $prev $now
		tap_result $(($5 < $1 || $6 < $2 || $7 < $3 || $8 < $4)) \
			"$what gives at least what the cut at $prev_cut gave (log lines, frames, tasks, pages: $now vs $prev)"
		prev=$now
		prev_cut=$cut
	done
	# shellcheck disable=SC2086
	set -- $prev
	tap_result $(($1 == 0)) "$base: the whole dump has its kernel log ($1 lines)"
done
tap_done
