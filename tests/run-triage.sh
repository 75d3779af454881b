#!/bin/sh
# pagerace triage and merge: inputs found recursively, compressed inputs,
# several reports per log, bad inputs reported per input and counted,
# worker isolation (time and memory limits, crashes), shards merged equal
# one run, the cache, every output format validated against its schema.
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

schemas=$abs_srcdir/schema
export XDG_CACHE_HOME=$tmpdir/xdg

# validate KIND FILE: every JSON Lines line (jsonl: crash records against
# the report schema, statuses against the summary schema's input_status;
# ureport: against the uReport schema) or one summary document.
validate() {
	"$PYTHON" - "$schemas" "$1" "$2" <<'PY'
import json, sys
import jsonschema
d, kind, path = sys.argv[1:]
def load(name):
    s = json.load(open(f"{d}/{name}"))
    jsonschema.Draft202012Validator.check_schema(s)
    return s
report = jsonschema.Draft202012Validator(load("pagerace-report-1.schema.json"))
summ = load("pagerace-triage-summary-1.schema.json")
summary = jsonschema.Draft202012Validator(summ)
status = jsonschema.Draft202012Validator(dict(summ["$defs"]["input_status"], **{"$defs": summ["$defs"]}))
ureport = jsonschema.Draft202012Validator(load("pagerace-ureport-1.schema.json"))
if kind == "summary":
    docs = [(summary, json.load(open(path)))]
else:
    docs = []
    for line in open(path):
        obj = json.loads(line)
        v = ureport if kind == "ureport" else status if "status" in obj else report
        docs.append((v, obj))
bad = 0
for v, obj in docs:
    for e in v.iter_errors(obj):
        bad += 1
        if bad <= 5:
            print("#", "/".join(map(str, e.absolute_path)), e.message[:200])
print(f"# {len(docs)} documents")
sys.exit(1 if bad or not docs else 0)
PY
}

# jcount FILE EXPR: how many lines of FILE satisfy the Python EXPR on o.
jcount() {
	"$PYTHON" -c '
import json, sys
print(sum(1 for l in open(sys.argv[1]) if (lambda o: eval(sys.argv[2]))(json.loads(l))))' "$1" "$2"
}

check_validates() { # NAME KIND FILE
	validate "$2" "$3" >"$tmpdir/v.out" 2>&1
	tap_result $? "$1"
	sed -n '/^# [0-9]* documents/!p' "$tmpdir/v.out" | head -8
}

# --- a corpus: nested directories, a log with three reports, compressed
c=$tmpdir/corpus
mkdir -p "$c/a/b/c" "$c/z"
cp "$CORPUS/d-syzbot-ext4-inode-2598-writeback.log" "$c/a/one.log"
cp "$CORPUS/b-syzbot-find_lock_entries-shmem.log" "$c/a/b/two.log"
cp "$CORPUS/format-soft-lockup-irq-task-vmalloc.log" "$c/a/b/c/deep.log"
cat "$CORPUS/d-syzbot-ext4-inode-2598-writeback.log" \
	"$CORPUS/b-thp-collapse_file-bad_page-arm64.log" \
	"$CORPUS/a-lustre-ll_readahead-kdb.log" >"$c/z/three.log"
gzip -c "$CORPUS/b-healer-truncate_inode_page-pagetail.log" >"$c/z/healer.log.gz"
xz -c "$CORPUS/format-ppc64-warning-pseries.log" >"$c/z/ppc.log.xz"
zstd -q -c "$CORPUS/e-nearmiss-kasan-uaf-filemap_fault-vma.log" >"$c/z/kasan.log.zst"
printf 'hello\nno crash here\n' >"$c/a/quiet.log"
good_inputs=8

run_pagerace triage -j2 --no-cache -o "$tmpdir/good.jsonl" \
	--summary-format=json --summary="$tmpdir/good.json" "$c"
tap_result $((rc != 0)) "a good corpus: exit 0 (exit $rc)"
sed 's/^/# /' "$tmpdir/err" | head -5
check_validates "good corpus: every JSON Lines record validates" jsonl "$tmpdir/good.jsonl"
check_validates "good corpus: the summary validates" summary "$tmpdir/good.json"
n=$(jcount "$tmpdir/good.jsonl" 'o["input"].endswith("three.log") and "record" in o')
tap_result $((n != 3)) "a log with 3 reports gives 3 records ($n)"
n=$(jcount "$tmpdir/good.jsonl" 'o["input"].endswith("three.log") and o["index"] in (1,2,3)')
tap_result $((n != 3)) "records carry their position in the input"
n=$(jcount "$tmpdir/good.jsonl" 'o["input"].endswith("deep.log")')
tap_result $((n < 1)) "directories are walked recursively"
for f in healer.log.gz ppc.log.xz kasan.log.zst; do
	n=$(jcount "$tmpdir/good.jsonl" "o['input'].endswith('$f') and 'record' in o")
	tap_result $((n < 1)) "$f is read directly ($n records)"
done
n=$(jcount "$tmpdir/good.jsonl" 'o["input"].endswith("healer.log.gz") and o["signature"] == "thp-truncate-tail-page"')
tap_result $((n != 1)) "a compressed log gets the same verdict as the plain one"
n=$(jcount "$tmpdir/good.jsonl" 'o["input"].endswith("quiet.log") and o.get("status") == "no-crash"')
tap_result $((n != 1)) "a log without a crash is a no-crash line"
check "summary counts every input" "$PYTHON" -c "
import json; s = json.load(open('$tmpdir/good.json'))
assert s['inputs'] == dict(total=$good_inputs, analysed=$good_inputs, with_crashes=$((good_inputs - 1)), without_crashes=1, failed=0), s['inputs']
assert s['reports'] == sum(s['verdicts'].values())"
# one.log and the first report of three.log are the same crash: one bucket.
check "identical crashes share a bucket, examples and first/last seen" "$PYTHON" -c "
import json; s = json.load(open('$tmpdir/good.json'))
b = [b for b in s['buckets'] if b['signature'] == 'writeback-stale-wakeup']
assert len(b) == 1 and b[0]['count'] == 2 and b[0]['traces'] == 1, b
assert [e['input'].rsplit('/', 1)[1] for e in b[0]['examples']] == ['one.log', 'three.log'], b
assert b[0]['first_seen'] and b[0]['last_seen'] >= b[0]['first_seen']"

# --- near-identical traces: offsets, addresses, pid and build changed
v=$tmpdir/variant
mkdir -p "$v"
cp "$CORPUS/d-syzbot-ext4-inode-2598-writeback.log" "$v/orig.log"
sed -e 's/+0x\([0-9a-f]*\)\/0x/+0x1\1\/0x1/g' -e 's/PID: 27612/PID: 4242/' \
	-e 's/ffffc9000a09/ffffc9000b1c/g' -e 's/syzkaller #0/syzkaller #7/' \
	"$v/orig.log" >"$v/variant.log"
run_pagerace triage -j2 --no-cache -q --summary-format=json --summary="$tmpdir/variant.json" "$v"
check "near-identical traces: one bucket, one trace" "$PYTHON" -c "
import json; s = json.load(open('$tmpdir/variant.json'))
assert len(s['buckets']) == 1 and s['buckets'][0]['count'] == 2 and s['buckets'][0]['traces'] == 1, s['buckets']"

# --- bad inputs: each reported with its reason, counted, exit 2
bad=$tmpdir/bad
mkdir -p "$bad/sub"
cp "$CORPUS/d-syzbot-ext4-inode-2598-writeback.log" "$bad/good.log"
: >"$bad/empty.log"
head -c 100000 /dev/urandom >"$bad/random.bin"
mkfifo "$bad/fifo"
ln -s loop-b "$bad/loop-a"
ln -s loop-a "$bad/loop-b"
ln -s .. "$bad/sub/up"
printf 'KDUMP   \001\000\000\000' >"$bad/fake.kdump"
head -c 4096 /dev/zero >>"$bad/fake.kdump"
{ printf '\037\213\010\000\000\000\000\000\000\003'; head -c 3000 /dev/urandom; } >"$bad/corrupt.log.gz"
xz -c "$CORPUS/b-thp-collapse_file-bad_page-arm64.log" | head -c 600 >"$bad/truncated.log.xz"
nbad=9
if [ "$(id -u)" -ne 0 ]; then
	echo secret >"$bad/unreadable.log"
	chmod 000 "$bad/unreadable.log"
	nbad=$((nbad + 1))
fi
run_pagerace triage -j2 --no-cache -o "$tmpdir/bad.jsonl" \
	--summary-format=json --summary="$tmpdir/bad.json" "$bad"
tap_result $((rc != 2)) "bad inputs: exit 2 (exit $rc)"
check_validates "bad inputs: every line validates" jsonl "$tmpdir/bad.jsonl"
check_validates "bad inputs: the summary validates" summary "$tmpdir/bad.json"
check "bad inputs: the good input is still analysed" grep -q '"input":"[^"]*good.log","index":1' "$tmpdir/bad.jsonl"
check "bad inputs: $nbad failures counted, each with a reason" "$PYTHON" -c "
import json; s = json.load(open('$tmpdir/bad.json'))
f = {x['input'].rsplit('/', 1)[1]: (x['error'], x['reason']) for x in s['failures']}
assert s['inputs']['failed'] == $nbad == len(f), (s['inputs'], f)
assert f['empty.log'][0] == 'bad-data' and 'empty' in f['empty.log'][1], f
assert f['random.bin'][0] == 'bad-data' and 'binary' in f['random.bin'][1], f
assert f['fifo'] == ('not-regular', 'not a regular file (a FIFO)'), f
assert f['loop-a'][0] == 'loop' and f['loop-b'][0] == 'loop', f
assert f['up'][0] == 'loop', f
# Refused, or (a reader bug) killed its worker: either way, one input.
assert f['fake.kdump'][0] in ('unsupported', 'bad-data', 'crash'), f
assert f['corrupt.log.gz'][0] == 'bad-data' and 'gzip' in f['corrupt.log.gz'][1], f
assert f['truncated.log.xz'][0] == 'bad-data' and 'xz' in f['truncated.log.xz'][1], f
if $nbad == 10: assert f['unreadable.log'][0] == 'os', f
assert sum(s['failure_classes'].values()) == $nbad"
run_pagerace triage -j1 --no-cache "$bad"
expect_stderr "text summary lists failed inputs with reasons" 'fifo: \[not-regular\] not a regular file'
expect_stderr "text summary counts them" "; $nbad failed\)"

# --- worker isolation: a hang, a crash, a memory hog cost one input each
iso=$tmpdir/iso
mkdir -p "$iso"
for n in hang crash hog ok; do
	cp "$CORPUS/d-syzbot-ext4-inode-2598-writeback.log" "$iso/$n.log"
done
if test_hooks; then
	start=$(date +%s)
	PAGERACE_TEST_FAULT=hang:hang.log run_pagerace triage -j2 --no-cache --timeout=1 \
		-o "$tmpdir/iso.jsonl" "$iso"
	tap_result $(($(date +%s) - start > 20)) "a hanging input is stopped by its time limit"
	n=$(jcount "$tmpdir/iso.jsonl" 'o.get("error") == "timeout" and o["input"].endswith("hang.log")')
	tap_result $((n != 1)) "a hanging input is reported as a timeout"
	tap_result $((rc != 2)) "a timeout is a failure: exit 2 (exit $rc)"
	n=$(jcount "$tmpdir/iso.jsonl" '"record" in o')
	tap_result $((n != 3)) "the other inputs are analysed ($n records)"
	PAGERACE_TEST_FAULT=crash:crash.log run_pagerace triage -j2 --no-cache -o "$tmpdir/iso.jsonl" "$iso"
	n=$(jcount "$tmpdir/iso.jsonl" 'o.get("error") == "crash" and o["input"].endswith("crash.log")')
	tap_result $((n != 1)) "a crashing worker is reported, the batch goes on"
	n=$(jcount "$tmpdir/iso.jsonl" '"record" in o')
	tap_result $((n != 3)) "a crashing worker leaves no half output ($n records)"
	check_validates "isolation: every line validates" jsonl "$tmpdir/iso.jsonl"
	# One worker holds the next job while it runs one: a job queued behind a
	# crash goes to the next worker, neither lost nor counted as failed.
	PAGERACE_TEST_FAULT=crash:crash.log run_pagerace triage -j1 --no-cache -o "$tmpdir/iso.jsonl" \
		--summary-format=json --summary="$tmpdir/iso.json" "$iso"
	check "-j1: the job queued behind a crash is analysed once" "$PYTHON" -c "
import json; s = json.load(open('$tmpdir/iso.json'))
assert s['inputs'] == dict(total=4, analysed=3, with_crashes=3, without_crashes=0, failed=1), s['inputs']
assert [f['input'].rsplit('/', 1)[1] for f in s['failures']] == ['crash.log'], s['failures']
lines = [json.loads(l) for l in open('$tmpdir/iso.jsonl')]
assert len(lines) == 4 == len({o['input'] for o in lines}), lines"
	# (Under ASan: resident memory, checked by the parent.)
	PAGERACE_TEST_FAULT=hog:hog.log run_pagerace triage -j2 --no-cache --memory-limit=256 --timeout=60 -o "$tmpdir/iso.jsonl" "$iso"
	n=$(jcount "$tmpdir/iso.jsonl" 'o.get("error") == "no-memory" and "256 MiB" in o["reason"]')
	tap_result $((n != 1)) "an input over the memory limit fails alone"
else
	tap_skip 9 "not a test build (--enable-test-hooks)"
fi

# --- shards: N shards merged give the summary of one run
all=$tmpdir/all
mkdir -p "$all"
cp -r "$c" "$all/corpus"
cp -r "$bad" "$all/bad" 2>/dev/null || true
rm -f "$all/bad/fifo"
mkfifo "$all/bad/fifo"
cp "$CORPUS"/*.log "$all/"
for fmt in json text; do
	run_pagerace triage -j2 --no-cache -o "$tmpdir/one.jsonl" \
		--summary-format=$fmt --summary="$tmpdir/one.$fmt" "$all"
	for k in 1 2 3; do
		run_pagerace triage -j2 --no-cache --shard=$k/3 -o "$tmpdir/shard$k.jsonl" "$all"
	done
	run_pagerace merge --format=$fmt -o "$tmpdir/merged.$fmt" \
		"$tmpdir/shard3.jsonl" "$tmpdir/shard1.jsonl" "$tmpdir/shard2.jsonl"
	tap_result $((rc != 2)) "merge of shards with failed inputs: exit 2 (exit $rc)"
	check "3 shards merged == one run ($fmt summary)" \
		diff -u "$tmpdir/one.$fmt" "$tmpdir/merged.$fmt"
done
check_validates "merged summary validates" summary "$tmpdir/merged.json"
check "shards are disjoint and cover every input" "$PYTHON" -c "
import json
inputs = lambda f: {json.loads(l)['input'] for l in open(f)}
s = [inputs('$tmpdir/shard%d.jsonl' % k) for k in (1, 2, 3)]
assert not (s[0] & s[1] or s[0] & s[2] or s[1] & s[2])
assert s[0] | s[1] | s[2] == inputs('$tmpdir/one.jsonl')
assert all(s), [len(x) for x in s]"
run_pagerace merge "$tmpdir/shard1.jsonl" "$tmpdir/shard1.jsonl" --format=json
"$PAGERACE" merge --format=json "$tmpdir/shard1.jsonl" >"$tmpdir/once.json" 2>/dev/null || true
check "a shard merged twice counts once" cmp "$tmpdir/out" "$tmpdir/once.json"
printf '{"input":"x","status":"failed"}\nnot json\n' >"$tmpdir/junk.jsonl"
run_pagerace merge "$tmpdir/junk.jsonl"
tap_result $((rc != 2)) "merge of bad lines: exit 2 (exit $rc)"
expect_stderr "merge names the bad line" 'junk.jsonl:2: not JSON'
expect_exit "merge of a missing file" 2 merge "$tmpdir/nope.jsonl"
expect_exit "merge without inputs" 2 merge

# --- the cache: a second run analyses nothing, a new input alone
cache=$tmpdir/cache
run_pagerace triage -j2 --cache="$cache" --stats -q -o "$tmpdir/c1.jsonl" "$c"
expect_stderr "first run analyses every input" "$good_inputs inputs: $good_inputs analysed, 0 from the cache"
run_pagerace triage -j2 --cache="$cache" --stats -q -o "$tmpdir/c2.jsonl" "$c"
expect_stderr "second run analyses 0 inputs" "$good_inputs inputs: 0 analysed, $good_inputs from the cache"
check "cached results are the same records" sh -c "sort '$tmpdir/c1.jsonl' >'$tmpdir/s1'; sort '$tmpdir/c2.jsonl' >'$tmpdir/s2'; cmp '$tmpdir/s1' '$tmpdir/s2'"
cp "$CORPUS/c-nearmiss-ext4-dax-memory-failure-pin-leak.log" "$c/new.log"
run_pagerace triage -j2 --cache="$cache" --stats -q -o /dev/null "$c"
expect_stderr "a new input alone is analysed" "$((good_inputs + 1)) inputs: 1 analysed, $good_inputs from the cache"
mv "$c/new.log" "$c/renamed.log"
run_pagerace triage -j2 --cache="$cache" --stats -q -o "$tmpdir/c3.jsonl" "$c"
expect_stderr "a renamed input comes from the cache" "0 analysed"
check "a cached record names the new path" grep -q '"input":"[^"]*renamed.log"' "$tmpdir/c3.jsonl"
rm "$c/renamed.log"
run_pagerace triage -j2 --stats -q -o /dev/null "$c"
check "default cache under XDG_CACHE_HOME" test -d "$XDG_CACHE_HOME/pagerace"
run_pagerace triage -j2 --cache="$cache" -s "$abs_srcdir/signatures/thp-truncate-tail-page.json" --stats -q -o /dev/null "$c"
expect_stderr "another rule set analyses afresh" "$good_inputs analysed, 0 from the cache"
# The key covers the vmlinux's content, not only its path: a kernel
# rebuilt in place gives other records.
printf 'one build\n' >"$tmpdir/vmlinux"
run_pagerace triage -j2 --cache="$cache" --vmlinux="$tmpdir/vmlinux" --stats -q -o /dev/null "$c"
expect_stderr "a --vmlinux analyses afresh" "$good_inputs analysed, 0 from the cache"
run_pagerace triage -j2 --cache="$cache" --vmlinux="$tmpdir/vmlinux" --stats -q -o /dev/null "$c"
expect_stderr "the same --vmlinux again: from the cache" "0 analysed, $good_inputs from the cache"
printf 'another build\n' >"$tmpdir/vmlinux"
run_pagerace triage -j2 --cache="$cache" --vmlinux="$tmpdir/vmlinux" --stats -q -o /dev/null "$c"
expect_stderr "another vmlinux at the same path analyses afresh" "$good_inputs analysed, 0 from the cache"
run_pagerace triage -j2 --cache="$cache" --vmlinux="$tmpdir/vmlinux" --module-debug="$tmpdir" --stats -q -o /dev/null "$c"
expect_stderr "a --module-debug analyses afresh" "$good_inputs analysed, 0 from the cache"

# --- formats for bug trackers
run_pagerace triage -j2 --no-cache -q --format=ureport -o "$tmpdir/u.jsonl" "$c"
check_validates "every uReport validates" ureport "$tmpdir/u.jsonl"
n=$(wc -l <"$tmpdir/u.jsonl"); m=$(jcount "$tmpdir/good.jsonl" '"record" in o')
tap_result $((n != m)) "one uReport per crash ($n of $m)"
check "uReport: kerneloops with raw oops, version, frames" "$PYTHON" -c "
import json
u = [json.loads(l)['problem'] for l in open('$tmpdir/u.jsonl')]
assert all(p['type'] == 'kerneloops' and p['raw_oops'] and p['frames'] for p in u)
assert any(p.get('version') == '5.9.0-rc1-syzkaller' for p in u)
assert any(f['reliable'] and f['function_length'] > 0 for p in u for f in p['frames'])"
run_pagerace triage -j2 --no-cache -q --format=markdown -o "$tmpdir/md" "$c/a/one.log"
check "markdown: title" grep -q '^## kernel BUG in mpage_prepare_extent_to_map' "$tmpdir/md"
check "markdown: verdict" grep -q '^| \*\*Verdict\*\* | likely: `writeback-stale-wakeup`' "$tmpdir/md"
check "markdown: evidence table" grep -q '^| | Condition | Fact | Why |' "$tmpdir/md"
check "markdown: trace" grep -q '^ #1  ext4_writepages+0xa98/0x3750$' "$tmpdir/md"
check "markdown: fix and references" sh -c "grep -q '^### Fix' '$tmpdir/md' && grep -q '^### References' '$tmpdir/md'"

# --- output and usage errors
expect_exit "full disk on output" 4 triage --no-cache -q -o /dev/full "$c"
expect_stderr "full disk: message" "cannot write the output: No space left on device"
expect_exit "full disk on the summary" 4 triage --no-cache -o /dev/null --summary=/dev/full "$c"
expect_exit "a log without a crash only" 1 triage --no-cache -q "$c/a/quiet.log"
expect_exit "bad --shard" 2 triage --shard=4/3 "$c"
expect_exit "bad --format" 2 triage --format=xml "$c"
expect_exit "bad -j" 2 triage -j0 "$c"
expect_exit "--vmlinux that does not exist" 2 triage --vmlinux="$tmpdir/nope" "$c"
expect_exit "--module-debug that is no directory" 2 triage --module-debug="$c/a/one.log" "$c"
expect_stderr "--module-debug: message" "--module-debug .*one.log: not a directory"
expect_exit "--debug-root that does not exist" 2 triage --debug-root="$tmpdir/nope" "$c"
expect_exit "-o onto a named input is refused" 2 triage -o "$c/a/one.log" "$c/a/one.log"
run_pagerace triage --no-cache -q -o "$c/out.jsonl" "$c"
check "the output file inside an input directory is not an input" sh -c "! grep -q 'out.jsonl' '$c/out.jsonl'"
rm -f "$c/out.jsonl"
expect_exit "a missing input is a failed input" 2 triage --no-cache -q "$tmpdir/nope.log" "$c/a/one.log"
run_pagerace triage -j1 --no-cache -q --summary-format=json --summary=- -o /dev/null "$c"
cp "$tmpdir/out" "$tmpdir/j1.json"
run_pagerace triage -j2 --no-cache -q --summary-format=json --summary=- -o /dev/null "$c"
check "-j1 and -j2 give the same summary" cmp "$tmpdir/j1.json" "$tmpdir/out"
# --- contrib/triage-slurm.sh run by hand (tests/run-scaleout.sh runs it,
# and the GNU parallel recipe, on the real engines; this runs everywhere).
contrib=$abs_srcdir/contrib
for k in 1 2 3 4; do
	SLURM_ARRAY_TASK_ID=$k SLURM_ARRAY_TASK_COUNT=4 PAGERACE=$PAGERACE \
		"$contrib/triage-slurm.sh" shard "$tmpdir/slurm" "$all" 2>/dev/null || true
done
rc=0
PAGERACE=$PAGERACE "$contrib/triage-slurm.sh" merge "$tmpdir/slurm" >/dev/null 2>&1 || rc=$?
tap_result $((rc != 2)) "contrib/triage-slurm.sh merge: exit 2 for a corpus with failures (exit $rc)"
check "contrib/triage-slurm.sh array of 4 == one run" diff -u "$tmpdir/one.json" "$tmpdir/slurm/summary.json"
mkdir -p "$tmpdir/bin"
cat >"$tmpdir/bin/sbatch" <<'SH'
#!/bin/sh
echo "$*" >>"$SBATCH_LOG"
echo 4242
SH
chmod +x "$tmpdir/bin/sbatch"
SBATCH_LOG=$tmpdir/sbatch.log PATH=$tmpdir/bin:$PATH SHARDS=8 \
	"$contrib/triage-slurm.sh" submit "$tmpdir/sub" "$all" >/dev/null
check "contrib/triage-slurm.sh submit: an array of 8 shards" grep -q -- "--array=1-8 .* shard $tmpdir/sub $all" "$tmpdir/sbatch.log"
check "contrib/triage-slurm.sh submit: merge after the array" grep -q -- "--dependency=afterany:4242 .* merge $tmpdir/sub" "$tmpdir/sbatch.log"
# --- inputs chosen by content: in a directory, documentation, tables and
# JSON are skipped and listed, not counted as logs without a crash.
d=$tmpdir/mixed
mkdir -p "$d/sub"
cp "$CORPUS/d-syzbot-ext4-inode-2598-writeback.log" "$d/crash.log"
cp "$CORPUS/README.md" "$d/README.md"
cp "$CORPUS/SOURCES.tsv" "$d/SOURCES.tsv"
cp "$CORPUS/d-syzbot-ext4-inode-2598-writeback.expect.json" "$d/crash.expect.json"
head -3 "$tmpdir/good.jsonl" >"$d/earlier.jsonl"
printf 'hello\nno crash here\n' >"$d/sub/quiet.txt"
# Notes that quote kernel output may hold a report: always an input.
{ printf '# notes\n\n'; cat "$CORPUS/b-healer-truncate_inode_page-pagetail.log"; } >"$d/sub/notes.md"
run_pagerace triage -j2 --no-cache -o "$tmpdir/mixed.jsonl" \
	--summary-format=json --summary="$tmpdir/mixed.json" "$d"
tap_result $((rc != 0)) "mixed directory: exit 0 (exit $rc)"
check_validates "mixed directory: the summary validates" summary "$tmpdir/mixed.json"
check_validates "mixed directory: every line validates" jsonl "$tmpdir/mixed.jsonl"
check "documentation, tables and JSON are skipped, each with what it is" "$PYTHON" -c "
import json; s = json.load(open('$tmpdir/mixed.json'))
k = {x['input'].rsplit('/', 1)[1]: x['reason'] for x in s['skipped']}
assert k == {'README.md': 'Markdown text', 'SOURCES.tsv': 'a tab-separated table',
	'crash.expect.json': 'JSON data', 'earlier.jsonl': 'JSON data'}, k
assert s['inputs'] == dict(total=3, analysed=3, with_crashes=2, without_crashes=1, failed=0), s['inputs']"
run_pagerace merge --format=json "$tmpdir/mixed.jsonl"
check "merge keeps the skipped files" "$PYTHON" -c "
import json; s = json.load(open('$tmpdir/out'))
assert len(s['skipped']) == 4 and s['inputs']['total'] == 3, s"
run_pagerace triage --no-cache -q -o "$tmpdir/named.jsonl" "$d/README.md"
check "a file named on the command line is always an input" grep -q '"status":"no-crash"' "$tmpdir/named.jsonl"
run_pagerace triage --no-cache --include='*.log' --include='*.md' --exclude=sub \
	-q --summary-format=json --summary="$tmpdir/glob.json" "$d"
check "--include and --exclude choose the files in directories" "$PYTHON" -c "
import json; s = json.load(open('$tmpdir/glob.json'))
assert s['inputs']['total'] == 1 and [x['input'].rsplit('/', 1)[1] for x in s['skipped']] == ['README.md'], s"

# --- a terminal gets progress and a short summary, not JSON Lines.
if command -v script >/dev/null; then
	TERM=dumb script -qec "'$PAGERACE' triage -j2 --no-cache '$d'" /dev/null >"$tmpdir/tty.out" 2>&1
	check "terminal: a short summary" grep -q 'Inputs: 3 (' "$tmpdir/tty.out"
	check "terminal: the skipped files are listed" grep -q 'README.md: Markdown text' "$tmpdir/tty.out"
	check "terminal: no JSON Lines" sh -c "! grep -q '\"input\":' '$tmpdir/tty.out'"
	TERM=dumb script -qec "'$PAGERACE' triage -j2 --no-cache -o '$tmpdir/tty.jsonl' '$d'" /dev/null >/dev/null 2>&1
	check "terminal with -o: the records go to the file" grep -q '"record"' "$tmpdir/tty.jsonl"
else
	for i in 1 2 3 4; do echo "ok $((tap_n += 1)) # SKIP no script(1) for a terminal"; done
fi
tap_done
