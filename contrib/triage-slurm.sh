#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Triage a crash corpus as a Slurm job array: task K of N runs
# "pagerace triage --shard K/N", and a job that depends on the array
# merges the shards into the summary one run would give.
#
#   contrib/triage-slurm.sh submit OUTDIR PATH...   # from a login node
#
# submit runs sbatch twice: an array of SHARDS tasks (default 16) running
# this script as "shard", then "merge" with --dependency=afterany on the
# array.  Any sbatch option can be added through SBATCH_ARGS (e.g.
# "--partition=short --time=02:00:00"); each task gets JOBS CPUs (default
# 4) and MEM memory (default 8G).  PAGERACE names the binary and CACHE a
# shared cache directory (so a re-run only analyses new crashes).
# OUTDIR and the corpus must be on a shared file system.
# tests/run-scaleout.sh submits it to a one-node Slurm of its own; its
# slurm.conf is the least a cluster needs for it.
#
# The two other modes are what the jobs run; they also run without Slurm
# (SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT set by hand):
#   contrib/triage-slurm.sh shard OUTDIR PATH...
#   contrib/triage-slurm.sh merge OUTDIR
set -eu
pagerace=${PAGERACE:-pagerace}
mode=${1:-}
out=${2:-}
[ -n "$mode" ] && [ -n "$out" ] || {
	echo "usage: $0 submit|shard|merge OUTDIR [PATH...]" >&2
	exit 2
}
shift 2

case $mode in
submit)
	[ $# -ge 1 ] || { echo "$0: submit needs inputs" >&2; exit 2; }
	shards=${SHARDS:-16}
	mkdir -p "$out"
	# shellcheck disable=SC2086
	array=$(sbatch --parsable ${SBATCH_ARGS:-} --job-name=pagerace-triage \
		--array=1-"$shards" --cpus-per-task="${JOBS:-4}" --mem="${MEM:-8G}" \
		--output="$out/shard-%a.log" "$0" shard "$out" "$@")
	# shellcheck disable=SC2086
	sbatch --parsable ${SBATCH_ARGS:-} --job-name=pagerace-merge \
		--dependency=afterany:"${array%%;*}" --output="$out/merge.log" \
		"$0" merge "$out"
	;;
shard)
	k=${SLURM_ARRAY_TASK_ID:?not in a Slurm array task}
	n=${SLURM_ARRAY_TASK_COUNT:?not in a Slurm array task}
	mkdir -p "$out"
	rc=0
	"$pagerace" triage -q -j "${SLURM_CPUS_PER_TASK:-${JOBS:-1}}" \
		${CACHE:+--cache="$CACHE"} --stats --shard="$k/$n" \
		-o "$out/shard-$k.jsonl.part" "$@" || rc=$?
	# A shard that ran to the end (0-2: analysed, some inputs failed)
	# is published whole; merge never sees half a shard.
	[ "$rc" -le 2 ] && mv "$out/shard-$k.jsonl.part" "$out/shard-$k.jsonl"
	exit "$rc"
	;;
merge)
	rc=0
	"$pagerace" merge --format=json -o "$out/summary.json" "$out"/shard-*.jsonl || rc=$?
	"$pagerace" merge -o "$out/summary.txt" "$out"/shard-*.jsonl || true
	exit "$rc"
	;;
*)
	echo "$0: unknown mode '$mode' (submit, shard or merge)" >&2
	exit 2
	;;
esac
