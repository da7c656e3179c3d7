# A kill leaves nothing (SECURITY.md rule 17, SPEC Guarantees): SIGKILL
# at 200 random moments while volinit replaces 50 files; after each kill
# every target holds exactly its old or its new content, and the final
# clean run converges with no .volinit.* file left anywhere. SIGTERM the
# same, exiting 143. As root, and as a non-root user (whose O_TMPFILE
# temps are named through /proc, not AT_EMPTY_PATH).
command -v setpriv >/dev/null || { echo "SKIP: no setpriv"; exit 77; }
chmod 0755 "$T"		# mktemp -d made it 0700: the other user needs in
pad=$(head -c 60000 /dev/zero | tr '\0' x)
plan=$T/plan
: > "$plan"
for i in $(seq 1 50); do
	echo "write $T/vol/d$((i % 5))/f$i \"new-$i-$pad\"" >> "$plan"
done
# old content again; what earlier kills left stays, for the final check
setup() {
	for i in $(seq 1 50); do
		mkdir -p "$T/vol/d$((i % 5))"
		printf 'old-%s' "$i" > "$T/vol/d$((i % 5))/f$i"
	done
	chown -R "$1" "$T/vol"
}
check_torn() {
	local i f c
	for i in $(seq 1 50); do
		f=$T/vol/d$((i % 5))/f$i
		c=$(cat "$f")
		[ "$c" = "old-$i" ] || [ "$c" = "new-$i-$pad" ] ||
		    fail "torn $f after kill $2 (${#c} bytes)"
	done
}
# exec: the background job's pid must be volinit itself, not a subshell
as_user() {
	if [ "$1" = 0 ]; then shift; exec "$@"
	else local u=$1; shift; exec setpriv --reuid="$u" --regid="$u" \
	    --clear-groups "$@"; fi
}
for user in 0 65534; do
	[ "$user" = 0 ] && [ "$(id -u)" != 0 ] && continue
	[ "$user" != 0 ] && [ "$(id -u)" != 0 ] && continue
	setup "$user:$user"
	kills=0
	for k in $(seq 1 100); do
		(as_user "$user" "$VOLINIT" -q -f "$plan" 2>/dev/null) & pid=$!
		sleep "0.0$((RANDOM % 40))"
		kill -9 $pid 2>/dev/null && kills=$((kills + 1))
		wait $pid 2>/dev/null || true
		check_torn "$user" "$k"
		# start again from the old content now and then, so kills
		# land in the writing phase, not only in the no-op phase
		[ $((k % 10)) = 0 ] && setup "$user:$user"
	done
	for k in $(seq 1 10); do
		(as_user "$user" "$VOLINIT" -q -f "$plan" 2>/dev/null) & pid=$!
		sleep "0.00$((RANDOM % 10))"
		kill -TERM $pid 2>/dev/null
		rc=0; wait $pid || rc=$?
		[ $rc = 143 ] || [ $rc = 0 ] || fail "SIGTERM: exit $rc"
		check_torn "$user" "term $k"
		[ $((k % 3)) = 0 ] && setup "$user:$user"
	done
	[ "$kills" -ge 50 ] || fail "only $kills kills landed"
	(as_user "$user" "$VOLINIT" -q -f "$plan") || fail "final run failed"
	for i in 1 17 50; do
		content "$T/vol/d$((i % 5))/f$i" "new-$i-$pad"
	done
	no_temp_files "$T/vol"
	echo "user $user: $kills kills, 0 torn, 0 left"
done
# The same while copying a 2,000-file tree over an old copy of it.
[ "$(id -u)" = 0 ] || exit 0
mkdir -p "$T/src"
for d in $(seq 1 20); do
	mkdir -p "$T/src/d$d"
	for f in $(seq 1 100); do echo "new-$d-$f" > "$T/src/d$d/f$f"; done
done
old_copy() {
	for d in $(seq 1 20); do
		mkdir -p "$T/dst/d$d"
		for f in $(seq 1 100); do echo "old-$d-$f" > "$T/dst/d$d/f$f"; done
	done
}
copy_torn() {
	local bad
	bad=$(grep -rLE '^(old|new)-[0-9]+-[0-9]+$' "$T/dst" --exclude='.volinit.*' | head -1)
	[ -z "$bad" ] || fail "torn $bad after copy kill $1"
}
old_copy
kills=0
for k in $(seq 1 60); do
	"$VOLINIT" -q -e "copy $T/src $T/dst" 2>/dev/null & pid=$!
	sleep "0.$((RANDOM % 3))$((RANDOM % 10))"
	kill -9 $pid 2>/dev/null && kills=$((kills + 1))
	wait $pid 2>/dev/null || true
	copy_torn "$k"
	[ $((k % 3)) = 0 ] && old_copy
done
[ "$kills" -ge 30 ] || fail "only $kills copy kills landed"
ok -q -e "copy $T/src $T/dst"
diff -r "$T/src" "$T/dst" >/dev/null || fail "copy did not converge"
no_temp_files "$T/dst"
echo "copy: $kills kills, 0 torn, 0 left"
