#!/bin/sh
# The test command must not change the host beyond installing declared
# packages: no kernel into /boot, no /vmlinuz, no boot or kexec settings.
#
#   scripts/host-unchanged.sh snapshot FILE
#   scripts/host-unchanged.sh compare FILE [PACKAGE...]
#
# snapshot records /boot, /etc/default, the /vmlinuz and /initrd.img links,
# the dpkg package list and the test daemons running (munged, slurmctld,
# slurmd, slurmstepd); compare fails (exit 1, saying what changed)
# when any of them differs, except packages added or upgraded that are
# the PACKAGEs (default: scripts/install-deps.sh --list) or what they
# depend on, and those packages' own conffiles in /etc/default as they
# shipped them.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)

state() {
	echo "## files"
	for d in /boot /etc/default; do
		[ -e "$d" ] || continue
		find "$d" -xdev -printf '%p %y %m %s %l\n' 2>/dev/null | sort
		find "$d" -xdev -type f -exec md5sum {} + 2>/dev/null | sort -k2
	done
	for l in /vmlinuz /vmlinuz.old /initrd.img /initrd.img.old; do
		[ -e "$l" ] || [ -h "$l" ] && ls -ld "$l" | awk '{ print $1, $NF }'
	done
	echo "## packages"
	dpkg-query -W -f='${db:Status-Abbrev} ${Package}:${Architecture} ${Version}\n' |
		awk '$1 ~ /^.i/ { print $2, $3 }' | sort
	# The daemons of declared packages that tests start themselves
	# (tests/run-scaleout.sh): one still running after is a leak.
	echo "## daemons"
	ps -eo stat=,comm= | awk '$1 !~ /^Z/ && $2 ~ /^(munged|slurmctld|slurmd|slurmstepd)$/ { print $2 }' | sort
}

# section NAME FILE: the lines of one "## NAME" part of a snapshot.
section() {
	awk -v want="## $1" '/^## / { on = $0 == want; next } on' "$2"
}

# The declared packages and everything they pull in (Depends, Pre-Depends).
closure() {
	# shellcheck disable=SC2086
	apt-cache depends --recurse --no-recommends --no-suggests \
		--no-conflicts --no-breaks --no-replaces --no-enhances $* 2>/dev/null |
		sed -n 's/^ *\(Pre\)\{0,1\}Depends: <\{0,1\}\([^ >]*\)>\{0,1\}$/\2/p; s/^\([^ <]\S*\)$/\1/p' |
		sed 's/:.*//' | sort -u
}

case ${1-} in
snapshot)
	state >"$2"
	;;
compare)
	snap=$2
	shift 2
	[ $# -gt 0 ] || set -- $(sh "$top/scripts/install-deps.sh" --list)
	t=$(mktemp -d)
	trap 'rm -rf "$t"' EXIT
	state >"$t/now"
	bad=0
	for part in files packages daemons; do
		section "$part" "$snap" >"$t/$part.before"
		section "$part" "$t/now" >"$t/$part.after"
	done
	closure "$@" >"$t/allowed"
	# Removed packages are always a change; added or upgraded ones must
	# be declared or pulled in by a declared one.
	removed=$(join -v1 "$t/packages.before" "$t/packages.after" | awk '{ print $1 }')
	comm -13 "$t/packages.before" "$t/packages.after" | awk '{ sub(/:.*/, "", $1); print $1 }' |
		sort -u >"$t/new"
	changed=$(comm -23 "$t/new" "$t/allowed")
	# A declared package added or upgraded may bring its own conffiles
	# under /etc/default (munge, slurmd): those files are part of the
	# install as long as they are what the package shipped; any other
	# change there, or to them, is the host's.
	comm -12 "$t/new" "$t/allowed" |
		xargs -r dpkg-query -W -f='${Conffiles}\n' 2>/dev/null |
		awk '$1 ~ /^\/etc\/default\// && NF == 2 { print $2 "  " $1 }' >"$t/conffiles"
	md5sum -c "$t/conffiles" 2>/dev/null | sed -n 's/: OK$//p' >"$t/shipped" || true
	if ! diff "$t/files.before" "$t/files.after" >"$t/diff"; then
		# Lines are "PATH TYPE MODE SIZE LINK" or "MD5  PATH".
		awk 'FILENAME == ARGV[1] { ok[$1] = 1; next }
			/^[<>] / { p = $2 ~ /^[0-9a-f]{32}$/ ? $3 : $2; if (!(p in ok)) print "  " $0 }' \
			"$t/shipped" "$t/diff" >"$t/left"
		if [ -s "$t/left" ]; then
			echo "host-unchanged: /boot, /etc/default or the kernel links changed:"
			head -20 "$t/left"
			bad=1
		fi
	fi
	# More instances of a daemon than before: one was left running (one
	# the host ran already may go on).
	sort "$t/daemons.before" | uniq -c | awk '{ print $2, $1 }' >"$t/count.before"
	left=$(sort "$t/daemons.after" | uniq -c | awk '{ print $2, $1 }' |
		join -a1 -e 0 -o 0,1.2,2.2 - "$t/count.before" | awk '$2 > $3 { print $1 }')
	if [ -n "$left" ]; then
		echo "host-unchanged: daemons left running:" $left
		bad=1
	fi
	if [ -n "$removed" ]; then
		echo "host-unchanged: packages removed:" $removed
		bad=1
	fi
	if [ -n "$changed" ]; then
		echo "host-unchanged: packages installed or upgraded that are not declared:" $changed
		bad=1
	fi
	[ "$bad" -eq 0 ] && echo "host-unchanged: /boot, /etc/default and the kernel links unchanged; only declared packages added; no test daemon left running"
	exit "$bad"
	;;
*)
	echo "usage: $0 snapshot FILE | compare FILE [PACKAGE...]" >&2
	exit 2
	;;
esac
