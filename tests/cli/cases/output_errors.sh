# A command whose output is lost fails (exit 1, one line), never exit 0.
for args in "version" "help" "check --caps -e chown\ 0\ /x"; do
	set +e
	eval "\"\$VOLINIT\" $args" >/dev/full 2>"$T/.err"
	rc=$?
	set -e
	[ "$rc" = 1 ] || fail "volinit $args >/dev/full: exit $rc, want 1"
	err_has "write to standard output: No space left on device"
done
echo 'a=${HOME}' > "$T/t"
set +e; "$VOLINIT" render "$T/t" >/dev/full 2>"$T/.err"; rc=$?; set -e
[ "$rc" = 1 ] || fail "render to /dev/full: exit $rc"
ok version
out_is "volinit $("$VOLINIT" version | cut -d' ' -f2)"
