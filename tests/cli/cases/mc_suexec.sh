# volinit started as su-exec (a symlink in $T), as root: su-exec's rules
# (a name or a uid with an entry gets getgrouplist's groups, the passwd
# gid first; an explicit group is the only one; HOME from passwd or /;
# USER, LOGNAME untouched), exec in place, exit 1 for every failure;
# stricter: a numeric uid without an entry needs a group (su-exec keeps
# gid 0). Fixtures as proc_user.sh.
as_root
user_fixture
ln -s "$VOLINIT" "$T/su-exec"
probe='grep -E "^(Uid|Gid|Groups):" /proc/self/status; echo "$HOME $USER"'
se() { set +e; HOME=/nowhere USER=root "$T/su-exec" "$@" >"$T/.out" 2>"$T/.err"; rc=$?; set -e; }
want() { [ "$rc" = "$1" ] || fail "su-exec $2: exit $rc, want $1: $(cat "$T/.err")"; }

se vt sh -c "$probe"; want 0 vt
out_is "$(ids 4242 4243 '4243 4244 4245 ' '/home/vt root')"
se 4242 sh -c "$probe"; want 0 4242
out_is "$(ids 4242 4243 '4243 4244 4245 ' '/home/vt root')"
se vt:vt2 sh -c "$probe"; want 0 vt:vt2
out_is "$(ids 4242 4244 '4244 ' '/home/vt root')"
se 5000:5001 sh -c "$probe"; want 0 5000:5001
out_is "$(ids 5000 5001 '5001 ' '/ root')"
se vt: sh -c "$probe"; want 0 'vt:'
out_is "$(ids 4242 4243 '4243 4244 4245 ' '/home/vt root')"
se :4244 id -u; want 0 ':4244'
out_is 0
# the Alpine entrypoint idiom: exec su-exec USER "$@", in place
"$T/su-exec" vt sh -c 'echo $$' >"$T/.out" 2>"$T/.err" & sp=$!
wait $sp
out_is "$sp"

se ghost true; want 1 ghost
err_has "unknown user 'ghost'"
se vt:ghost true; want 1 vt:ghost
se vt no-such-command-volinit; want 1 'no command'
err_has 'su-exec: ' && err_has 'no-such-command-volinit'
se 5000 true; want 1 '5000 (stricter)'
err_has 'has no passwd entry: give a group too'
se; want 1 'no args'
out_is 'Usage: su-exec user-spec command [args]'
se vt; want 1 'no command'
out_is 'Usage: su-exec user-spec command [args]'
vi su-exec vt:4245 id -G
[ "$rc" = 0 ] && out_is 4245 || fail "volinit su-exec: $rc $(cat "$T/.err")"
