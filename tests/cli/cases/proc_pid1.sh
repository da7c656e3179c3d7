# As PID 1 (a fresh PID namespace): SIGTERM from outside ends a wait at
# once with 143; it is forwarded to a running child; orphans are reaped;
# exec keeps PID 1 for the program.
as_root
unshare --pid --fork --mount-proc true 2>/dev/null || { echo "SKIP: no unshare"; exit 77; }

# pid1 PLAN...: start volinit as PID 1 in the background; $ns is unshare's
# pid, $v volinit's pid as seen from here.
pid1() {
	unshare --pid --fork --mount-proc "$VOLINIT" "$@" >"$T/.out" 2>"$T/.err" &
	ns=$!
	v=
	for i in $(seq 50); do
		v=$(pgrep -P "$ns" || true)
		[ -n "$v" ] && break
		sleep 0.05
	done
	[ -n "$v" ] || fail "volinit did not start"
	grep -q 'NSpid:.*[[:space:]]1$' "/proc/$v/status" || fail "not PID 1"
}
# term_within SECONDS: SIGTERM volinit, require exit 143 in time.
term_within() {
	local t0=$(date +%s%N)
	kill -TERM "$v"
	set +e; wait "$ns"; rc=$?; set -e
	[ "$rc" = 143 ] || fail "exit $rc after SIGTERM, want 143: $(cat "$T/.err")"
	[ $(( ($(date +%s%N) - t0) / 1000000 )) -lt $(( $1 * 1000 )) ] ||
	    fail "SIGTERM took more than $1 s"
}

pid1 -e 'wait tcp 127.0.0.1:1 timeout=30s'
sleep 0.3
term_within 1
err_has 'terminated by SIGTERM'

# Forwarded to a run child; the plan stops even if the child exits 0.
pid1 -e 'run -- sh -c "trap \"exit 0\" TERM; sleep 20 & wait"' -e "write $T/after x"
sleep 0.5
term_within 2
err_has 'got SIGTERM while running sh (forwarded to it)'
absent "$T/after"

# Orphans left by a run child are reaped while volinit waits, and exec
# hands PID 1 to the program.
vi() { :; }
unshare --pid --fork --mount-proc "$VOLINIT" \
    -e 'run -- sh -c "sleep 0.2 & exit 0"' \
    -e "wait file $T/never timeout=800ms interval=100ms on-error=warn" \
    -e 'exec -- sh -c "echo pid=\$\$; grep -l zombie /proc/[0-9]*/status || echo no-zombies"' \
    >"$T/.out" 2>"$T/.err" || fail "reap plan failed: $(cat "$T/.err")"
out_is "$(printf 'pid=1\nno-zombies')"
