#!/bin/bash
# The hostile-volume suite: bash tests/attack/run.sh ./volinit
#
# Every case in cases/*.sh drives the static binary as root against a
# volume full of planted links, hardlinks, FIFOs, devices, bind mounts and
# odd names, and checks that a sentinel tree outside the volume is
# byte-identical afterwards (see lib.sh). One line per case:
#	ok NAME | FAIL NAME: why | xfail NAME: why | xpass NAME
# then "N passed, N failed"; the exit status is non-zero on any FAIL.
#
# ATTACK_ONLY=REGEX	run only the cases whose name matches (bash =~)
# ATTACK_ROUNDS=N	rounds per race (default 200)
# ATTACK_VERBOSE=1	print a failing case's whole output
# ATTACK_SOFT=1		a failed check does not stop its case: with
#			ATTACK_VERBOSE=1, shows every check a fix still misses
# expected-fail		names of cases known to fail on the current code:
#			reported as xfail (not a failure) or, when they
#			pass, xpass (printed, not a failure either)
set -u
[ $# = 1 ] || { echo "usage: $0 PATH/TO/volinit" >&2; exit 2; }
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
# The build with the test knobs (src/knobs.h) for the cases that set one.
if [ -n "${VOLINIT_KNOBS:-}" ]; then
	VOLINIT_KNOBS=$(cd "$(dirname "$VOLINIT_KNOBS")" && pwd)/$(basename "$VOLINIT_KNOBS")
	export VOLINIT_KNOBS
else
	echo "note: no VOLINIT_KNOBS build: the cases that force a fallback run $(basename "$1") as it is (its own kernel decides which path runs)"
fi
here=$(cd "$(dirname "$0")" && pwd)
swap=$here/../bin/swap
[ -x "$bin" ] || { echo "attack: $bin is not executable" >&2; exit 2; }
if [ "$(id -u)" != 0 ]; then	# as the CLI suite does for its root cases
	echo "attack: skipped, the suite needs root (mknod, mount, chown)"
	echo "0 passed, 0 failed"
	exit 0
fi
unshare -m --propagation private true 2>/dev/null ||
    { echo "attack: needs unshare -m (mount namespaces)" >&2; exit 2; }
if [ ! -x "$swap" ] || [ "$here/swap.c" -nt "$swap" ]; then
	mkdir -p "$here/../bin"
	${HOSTCC:-cc} -std=c99 -Wall -Wextra -O2 -o "$swap" "$here/swap.c" ||
	    { echo "attack: cannot build $swap" >&2; exit 2; }
fi

xfails=" $(sed -e 's/#.*//' "$here/expected-fail" 2>/dev/null | tr -s ' \t\n' ' ') "
pass=0 failn=0 xfail=0 xpass=0
logs=$(mktemp -d /tmp/volinit-attack-logs.XXXXXX)
start=$(date +%s)
for c in "$here"/cases/*.sh; do
	name=$(basename "$c" .sh)
	if [ -n "${ATTACK_ONLY:-}" ] && ! [[ $name =~ $ATTACK_ONLY ]]; then
		continue
	fi
	T=$(realpath "$(mktemp -d /tmp/volinit-attack.XXXXXX)")
	(cd "$T" && VOLINIT="$bin" T="$T" LIB="$here/lib.sh" SWAP="$swap" \
	    ATTACK_ROUNDS="${ATTACK_ROUNDS:-200}" ATTACK_SOFT="${ATTACK_SOFT:-}" \
	    timeout -k 5 600 unshare -m --propagation private \
	    bash -e -c '. "$LIB"; . "$0"' "$c") >"$logs/$name.log" 2>&1
	r=$?
	[ ! -e "$T/.failed" ] || [ $r != 0 ] || r=1
	rm -rf "$T"
	why=$(grep -m1 '^FAIL: ' "$logs/$name.log" | sed 's/^FAIL: //')
	[ -n "$why" ] || why="exit $r: $(tail -n1 "$logs/$name.log")"
	case "$xfails" in *" $name "*) x=1 ;; *) x=0 ;; esac
	if [ $r = 0 ] && [ $x = 0 ]; then
		pass=$((pass + 1)); echo "ok $name"
	elif [ $r = 0 ]; then
		pass=$((pass + 1)); xpass=$((xpass + 1)); echo "xpass $name"
	elif [ $x = 1 ]; then
		xfail=$((xfail + 1)); echo "xfail $name: $why"
	else
		failn=$((failn + 1)); echo "FAIL $name: $why"
		[ "${ATTACK_VERBOSE:-}" = 1 ] && sed 's/^/    /' "$logs/$name.log"
	fi
done
[ $failn = 0 ] && rm -rf "$logs"
[ -d "$logs" ] && echo "(logs in $logs)"
echo "($xfail xfail, $xpass xpass, $(( $(date +%s) - start )) s)"
echo "$pass passed, $failn failed"
[ $failn = 0 ]
