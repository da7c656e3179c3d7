# volinit started as tini (a symlink in $T): tini's command line and
# behaviour — the child's code, -e remapping, 128+N, usage errors, -s
# registering as a subreaper when not PID 1 (an orphaned grandchild is
# re-parented to it and reaped), signals forwarded (with -g to the
# child's whole process group), and as PID 1 (unshare) every zombie
# reaped. Timing is never asserted.
ln -s "$VOLINIT" "$T/tini"
tini() { set +e; "$T/tini" "$@" >"$T/.out" 2>"$T/.err"; rc=$?; set -e; }
want() { [ "$rc" = "$1" ] || fail "tini $2: exit $rc, want $1: $(cat "$T/.err")"; }

tini -- sh -c 'exit 3'; want 3 'exit 3'
err_has 'Tini is not running as PID 1'
tini -e 3 -- sh -c 'exit 3'; want 0 '-e 3'
tini -e 4 -e 5 -- sh -c 'exit 3'; want 3 '-e 4 -e 5'
tini -e143 -- sh -c 'kill -TERM $$'; want 0 '-e143 (TERM)'
tini -- sh -c 'kill -KILL $$'; want 137 'KILL'
tini -s -- sh -c 'echo "$0 $1" arg' x y; want 0 'args'
out_is 'x y arg'
# without --, the first word that is no option is the program
tini sh -c 'echo -x'; want 0 'no --'
out_is '-x'
tini -s -- no-such-command-volinit; want 127 'not found'
err_has 'no-such-command-volinit'
: > "$T/noexec"
tini -s -- "$T/noexec"; want 126 'not executable'
# bad command lines: tini's usage, exit 1; never a silent default
tini; want 1 'no program'
err_has 'Usage: tini [OPTIONS] PROGRAM -- [ARGS]'
tini -x true; want 1 '-x'
err_has 'Usage: tini'
tini -e 256 -- true; want 1 '-e 256'
err_has 'Not a valid option for -e: 256'
tini -e; want 1 '-e without value'
tini -p SIGNOPE -- true; want 1 '-p SIGNOPE'
err_has 'Not a valid option for -p: SIGNOPE'
tini --version; want 0 '--version'
grep -q '^tini version' "$T/.out" || fail "--version: $(cat "$T/.out")"
tini -h; want 0 '-h'
grep -q 'Usage: tini' "$T/.out" || fail "-h prints no usage"
# the same through `volinit tini`
vi tini -s -- sh -c 'exit 4'
[ "$rc" = 4 ] || fail "volinit tini: exit $rc"

# -s: an orphaned grandchild is re-parented to tini (not PID 1 here), and
# reaped by it once it dies
tini -s -- sh -c '
	sh -c "sleep 5 & echo \$! > '"$T"'/gc"
	p=$(cat '"$T"'/gc)
	for i in 1 2 3 4 5 6 7 8 9 10; do
		[ "$(cut -d" " -f4 /proc/$p/stat)" = "$PPID" ] && break
		sleep 0.1
	done
	echo "parent-is-tini=$([ "$(cut -d" " -f4 /proc/$p/stat)" = "$PPID" ] && echo yes)"
	kill $p
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		[ -e /proc/$p ] || break
		sleep 0.1
	done
	echo "reaped=$([ -e /proc/$p ] && echo no || echo yes)"'
want 0 '-s subreaper'
out_is "$(printf 'parent-is-tini=yes\nreaped=yes')"
err_lacks 'not running as PID 1'
TINI_SUBREAPER=1 tini -- true; want 0 'TINI_SUBREAPER'
err_lacks 'not running as PID 1'

# signals: TERM to tini reaches the child only; with -g its whole group
cat > "$T/group.sh" <<'SH'
sh -c 'trap "echo g >> $F; exit 0" TERM; while :; do sleep 0.1; done' &
gc=$!
trap 'echo c >> $F; sleep 0.5; kill -KILL $gc 2>/dev/null; exit 0' TERM
: > $R
while :; do sleep 0.1; done
SH
for g in "" -g; do
	rm -f "$T/f" "$T/ready"
	F="$T/f" R="$T/ready" "$T/tini" -s $g -- sh "$T/group.sh" 2>"$T/.err" &
	tp=$!
	for i in $(seq 100); do [ -e "$T/ready" ] && break; sleep 0.05; done
	[ -e "$T/ready" ] || fail "child of tini $g did not start"
	sleep 0.2
	kill -TERM $tp
	set +e; wait $tp; rc=$?; set -e
	want 0 "TERM forwarded $g"
	got=$(sort "$T/f" | tr '\n' ' ')
	if [ -z "$g" ]; then
		[ "$got" = "c " ] || fail "without -g the group got TERM: $got"
	else
		[ "$got" = "c g " ] || fail "with -g, not the whole group: $got"
	fi
done

# as PID 1: the program is PID 2, orphans die and are reaped, no zombie
as_root
unshare --pid --fork --mount-proc true 2>/dev/null || { echo "SKIP: no unshare"; exit 77; }
set +e
unshare --pid --fork --mount-proc "$T/tini" -- sh -c '
	echo pid=$$
	sh -c "sleep 0.1 & sleep 0.1 & exit 0"
	sleep 0.6
	grep -l zombie /proc/[0-9]*/status || echo no-zombies' >"$T/.out" 2>"$T/.err"
rc=$?
set -e
want 0 'as PID 1'
out_is "$(printf 'pid=2\nno-zombies')"
err_lacks 'not running as PID 1'
