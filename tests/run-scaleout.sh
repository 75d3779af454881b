#!/bin/sh
# The scale-out recipes on their real engines: contrib/triage-parallel.sh
# under GNU parallel, and contrib/triage-slurm.sh submitted to a Slurm
# that this test starts and stops itself (Debian's slurm-wlm and munge:
# munged, slurmctld and one slurmd on loopback, every file in the test's
# directory).  Either way the merged summary must be the one unsharded
# "pagerace triage" gives on the same inputs.
. "${abs_srcdir:-$(dirname "$0")/..}/tests/test-subr.sh"

contrib=$abs_srcdir/contrib
# The recipes use the default cache; it must be the test's own.
export XDG_CACHE_HOME=$tmpdir/xdg
# Everything Slurm runs must be stopped however the test ends.
pids=""
slurm_conf=""
cleanup() {
	if [ -n "$pids" ]; then
		# Jobs first, so that no slurmstepd outlives its slurmd; only
		# those of the test's own controller.
		[ -z "$slurm_conf" ] || SLURM_CONF=$slurm_conf \
			scancel --quiet --full --user="$(id -un)" 2>/dev/null || true
		# shellcheck disable=SC2086
		kill $pids 2>/dev/null || true
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			# shellcheck disable=SC2086
			kill -0 $pids 2>/dev/null || break
			sleep 0.5
		done
		# shellcheck disable=SC2086
		kill -9 $pids 2>/dev/null || true
		wait 2>/dev/null || true
	fi
	rm -rf "$tmpdir"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# skip N REASON: N tests skipped.
skip() {
	local _
	for _ in $(seq 1 "$1"); do
		tap_n=$((tap_n + 1))
		echo "ok $tap_n # SKIP $2"
	done
}

# The inputs: the whole oops corpus as a directory (its documentation,
# tables and expectations are skipped by content) and a few inputs that
# fail, so the shards have failures to carry into the merge.
in=$tmpdir/in
mkdir -p "$in/bad"
cp -r "$CORPUS" "$in/oops"
printf 'KDUMP   \001\000\000\000' >"$in/bad/fake.kdump"
head -c 4096 /dev/zero >>"$in/bad/fake.kdump"
{ printf '\037\213\010\000\000\000\000\000\000\003'; head -c 3000 /dev/urandom; } >"$in/bad/corrupt.log.gz"
xz -c "$CORPUS/b-thp-collapse_file-bad_page-arm64.log" | head -c 600 >"$in/bad/truncated.log.xz"
for fmt in json text; do
	run_pagerace triage -j2 --no-cache -q -o /dev/null --summary-format=$fmt \
		--summary="$tmpdir/one.$fmt" "$in"
done
tap_result $((rc != 2)) "one run: exit 2 for inputs with failures (exit $rc)"
# What the merges must reproduce: reports, signatures, buckets, failures
# and the skipped files are all there to get wrong.
check "one run: the summary has reports, signatures, failures and skipped files" "$PYTHON" -c "
import json
s = json.load(open('$tmpdir/one.json'))
assert s['reports'] > 100 and len(s['signatures']) > 3 and len(s['buckets']) > 100, s['reports']
assert len(s['failures']) == 3 and len(s['skipped']) > 100, (s['failures'], len(s['skipped']))"

# same DIR ENGINE: DIR's merged summaries, JSON and text, are one run's.
same() {
	check "$2: merged JSON summary == one run" diff -u "$tmpdir/one.json" "$1/summary.json"
	check "$2: merged text summary == one run" diff -u "$tmpdir/one.text" "$1/summary.txt"
}

# --- GNU parallel
if command -v parallel >/dev/null 2>&1; then
	rc=0
	PAGERACE=$PAGERACE SHARDS=3 "$contrib/triage-parallel.sh" "$tmpdir/par" "$in" \
		>"$tmpdir/par.out" 2>&1 || rc=$?
	tap_result $((rc != 2)) "parallel: exit 2 for inputs with failures (exit $rc)"
	[ "$rc" -eq 2 ] || sed 's/^/# /' "$tmpdir/par.out" | head -10
	n=$(find "$tmpdir/par" -name 'shard-*.jsonl' -size +0 | wc -l)
	tap_result $((n != 3)) "parallel: 3 shards written ($n)"
	same "$tmpdir/par" parallel
else
	skip 4 "GNU parallel is not installed (parallel: scripts/install-deps.sh)"
fi

# --- Slurm
# slurm_up: starts munged, slurmctld and slurmd, every file under
# $tmpdir/slurm; fails, with the reason in $why, when they do not come up.
slurm_up() {
	local s="$tmpdir/slurm" host ports ctl_port d_port
	# The daemons are in sbin, which a user's PATH may not have.
	PATH=$PATH:/usr/sbin:/sbin
	for cmd in munged mungekey slurmctld slurmd sbatch scontrol sinfo scancel; do
		command -v "$cmd" >/dev/null 2>&1 || {
			why="no $cmd (slurm-wlm and munge: scripts/install-deps.sh)"
			return 1
		}
	done
	# munged refuses a socket in a directory others cannot search.
	chmod 755 "$tmpdir"
	mkdir -p "$s/munge" "$s/key" "$s/state" "$s/spool" "$s/log"
	chmod 755 "$s" "$s/munge"
	chmod 700 "$s/key"
	mungekey --create --keyfile="$s/key/munge.key" 2>"$s/log/mungekey.err" || {
		why="mungekey: $(head -1 "$s/log/mungekey.err")"
		return 1
	}
	munged --foreground --key-file="$s/key/munge.key" --socket="$s/munge/socket" \
		--pid-file="$s/munge/munged.pid" --log-file="$s/log/munged.log" \
		--seed-file="$s/munge/seed" 2>"$s/log/munged.err" &
	pids="$pids $!"
	# Two free loopback ports, so that concurrent runs do not collide.
	ports=$("$PYTHON" -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s:
    x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))')
	ctl_port=${ports% *}
	d_port=${ports#* }
	# slurmctld runs only on the host SlurmctldHost names.
	host=$(uname -n)
	host=${host%%.*}
	: >"$s/plugstack.conf"
	# No cgroups: the test runs in containers and VMs whose cgroup
	# hierarchy it may not own, so processes are tracked by parent
	# (proctrack/linuxproc) and tasks are not confined (task/none);
	# memory is a request only, not enforced.  The node is described
	# by the configuration (config_overrides), not the hardware.
	cat >"$s/slurm.conf" <<EOF
ClusterName=pagerace-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctl_port
SlurmdPort=$d_port
SlurmUser=$(id -un)
SlurmdUser=$(id -un)
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$s/munge/socket
StateSaveLocation=$s/state
SlurmdSpoolDir=$s/spool
SlurmctldPidFile=$s/slurmctld.pid
SlurmdPidFile=$s/slurmd.pid
SlurmctldLogFile=$s/log/slurmctld.log
SlurmdLogFile=$s/log/slurmd.log
PlugStackConfig=$s/plugstack.conf
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmdParameters=config_overrides
NodeName=pagerace1 NodeHostname=$host NodeAddr=127.0.0.1 CPUs=2 RealMemory=1024 State=UNKNOWN
PartitionName=pagerace Nodes=pagerace1 Default=YES MaxTime=10 State=UP
EOF
	# The test's Slurm only: a cluster the user's environment names
	# (SLURM_CONF, SBATCH_PARTITION, a job's SLURM_JOB_ID) is not it.
	# shellcheck disable=SC2046
	unset $(env | sed -n 's/^\(S\(LURM\|BATCH\|QUEUE\|INFO\)_[A-Za-z0-9_]*\)=.*/\1/p')
	slurm_conf=$s/slurm.conf
	export SLURM_CONF=$slurm_conf
	slurmctld -D -f "$SLURM_CONF" >"$s/log/slurmctld.out" 2>&1 &
	pids="$pids $!"
	slurmd -D -N pagerace1 -f "$SLURM_CONF" >"$s/log/slurmd.out" 2>&1 &
	pids="$pids $!"
	for _ in $(seq 1 120); do
		[ "$(sinfo -h -n pagerace1 -o %T 2>/dev/null)" = idle ] && return 0
		sleep 0.25
	done
	why="the node did not come up idle in 30 s: $(cat "$s/log/munged.err" \
		"$s/log/slurmctld.out" "$s/log/slurmd.out" 2>/dev/null |
		grep -i -e error -e fatal | grep -v -e pmix -e 'state file' | tail -2 | tr '\n' ' ')"
	return 1
}

# job_field ID FIELD: one field of "scontrol show job" for job ID.
job_field() {
	scontrol -o show job "$1" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$2=//p" | head -1
}

why=""
if slurm_up; then
	out=$tmpdir/sub
	rc=0
	merge=$(PAGERACE=$PAGERACE SHARDS=3 JOBS=1 MEM=64M \
		"$contrib/triage-slurm.sh" submit "$out" "$in" 2>"$tmpdir/submit.err") || rc=$?
	merge=${merge%%;*}
	tap_result $((rc != 0)) "slurm: submit (exit $rc, merge job ${merge:-none})"
	sed 's/^/# /' "$tmpdir/submit.err" | head -5
	# Wait (2 minutes at most) for the merge job, which Slurm runs after
	# the whole array.
	state=""
	for _ in $(seq 1 480); do
		state=$(job_field "$merge" JobState)
		case $state in
		COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | "") break ;;
		esac
		sleep 0.25
	done
	# FAILED is how Slurm shows a job that exited non-zero.
	r=1
	case $state in COMPLETED | FAILED) r=0 ;; esac
	tap_result $r "slurm: the merge job ran to the end (${state:-no such job})"
	# Its exit status is merge's: 2, inputs failed.
	code=$(job_field "$merge" ExitCode)
	tap_result "$(test "$code" = 2:0; echo $?)" "slurm: merge job exit 2 for inputs with failures ($code)"
	# Each array task ran its shard to the end (0 or 2), and the merge
	# was held until the last one had ended.  The controller is the
	# test's own: its only array is the one submit made.
	scontrol -o show job 2>/dev/null | grep ' JobName=pagerace-triage ' >"$tmpdir/array.jobs"
	n=0
	last_end=""
	for k in 1 2 3; do
		line=$(grep " ArrayTaskId=$k " "$tmpdir/array.jobs" || true)
		case $line in
		*" ExitCode=0:0 "* | *" ExitCode=2:0 "*) ;;
		*) continue ;;
		esac
		[ -s "$out/shard-$k.jsonl" ] || continue
		n=$((n + 1))
		end=$(echo "$line" | tr ' ' '\n' | sed -n 's/^EndTime=//p' | tr -d -- '-T:')
		[ "${end:-0}" -gt "${last_end:-0}" ] && last_end=$end
	done
	tap_result $((n != 3)) "slurm: 3 array tasks ran their shard to the end ($n)"
	[ "$n" -eq 3 ] || sed 's/^/# /' "$tmpdir/array.jobs" | head -6
	# Times to the second, 2026-12-03T13:18:02 as 20261203131802.
	submitted=$(job_field "$merge" SubmitTime | tr -d -- '-T:')
	eligible=$(job_field "$merge" EligibleTime | tr -d -- '-T:')
	start=$(job_field "$merge" StartTime | tr -d -- '-T:')
	tap_result "$(test -n "$last_end" && test "${eligible:-0}" -gt "${submitted:-0}" &&
		test "$eligible" -ge "$last_end" && test "${start:-0}" -ge "$eligible"; echo $?)" \
		"slurm: the merge was held until the array ended (submitted $submitted, array ended $last_end, eligible $eligible, started $start)"
	same "$out" slurm
else
	skip 7 "Slurm cannot run here: $why"
fi
tap_done
