#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Triage a crash corpus in shards with GNU parallel, then merge them into
# the summary one run would give.  Runs on this machine; set e.g.
# PARALLEL="--sshlogin 8/host1,8/host2 --workdir ." (GNU parallel reads
# that variable) to spread shards over hosts that see the corpus, this
# script and OUTDIR at the same paths.
#
#   contrib/triage-parallel.sh OUTDIR PATH...
#
# Environment: SHARDS (default 4), JOBS workers per shard (default 1),
# PAGERACE (default: pagerace on PATH), CACHE (cache directory; default:
# each host's own).  Writes OUTDIR/shard-K.jsonl, summary.json and
# summary.txt.  Exits like "pagerace merge": 0 every input analysed, 2
# some failed (listed in summary.txt); a shard that could not run at all
# stops the lot.
set -eu
pagerace=${PAGERACE:-pagerace}

if [ "${1:-}" = one-shard ]; then
	# one-shard K SHARDS OUTDIR PATH...: what each parallel job runs.
	k=$2 n=$3 out=$4
	shift 4
	rc=0
	"$pagerace" triage -q -j "${JOBS:-1}" ${CACHE:+--cache="$CACHE"} \
		--shard="$k/$n" -o "$out/shard-$k.jsonl" "$@" || rc=$?
	# 2: some inputs failed; the shard is complete, its lines say why.
	[ "$rc" -le 2 ]
	exit
fi

[ $# -ge 2 ] || { echo "usage: $0 OUTDIR PATH..." >&2; exit 2; }
out=$1
shift
shards=${SHARDS:-4}
mkdir -p "$out"
rm -f "$out"/shard-*.jsonl
# -q quotes every word, so paths with spaces or quotes survive.
seq 1 "$shards" | parallel -q --halt now,fail=1 \
	"$0" one-shard {} "$shards" "$out" "$@"
rc=0
"$pagerace" merge --format=json -o "$out/summary.json" "$out"/shard-*.jsonl || rc=$?
"$pagerace" merge -o "$out/summary.txt" "$out"/shard-*.jsonl || true
exit "$rc"
