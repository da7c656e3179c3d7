# volinit started as gosu (a symlink in $T), as root: gosu's user-spec
# rules (runc's: a name gets only the groups listing it, an explicit
# group no supplementary group at all; an empty user is the current one,
# an empty group none), HOME from passwd (/ without an entry), USER and
# LOGNAME untouched, exec in place (no process left behind), exit 1 for
# every failure; volinit's stricter rule: a numeric uid without a passwd
# entry needs a group instead of getting gid 0. Fixture passwd/group
# files as proc_user.sh makes them ($VOLINIT_PASSWD, $VOLINIT_GROUP).
as_root
user_fixture
ln -s "$VOLINIT" "$T/gosu"
probe='grep -E "^(Uid|Gid|Groups):" /proc/self/status; echo "$HOME $USER"'
gosu() { set +e; HOME=/nowhere USER=root "$T/gosu" "$@" >"$T/.out" 2>"$T/.err"; rc=$?; set -e; }
want() { [ "$rc" = "$1" ] || fail "gosu $2: exit $rc, want $1: $(cat "$T/.err")"; }

gosu vt sh -c "$probe"; want 0 vt
out_is "$(ids 4242 4243 '4244 4245 ' '/home/vt root')"
gosu 4242 sh -c "$probe"; want 0 4242
out_is "$(ids 4242 4243 '4244 4245 ' '/home/vt root')"
gosu vt:vt2 sh -c "$probe"; want 0 vt:vt2
out_is "$(ids 4242 4244 ' ' '/home/vt root')"
gosu vt:4245 sh -c "$probe"; want 0 vt:4245
out_is "$(ids 4242 4245 ' ' '/home/vt root')"
gosu 5000:5001 sh -c "$probe"; want 0 5000:5001
out_is "$(ids 5000 5001 ' ' '/ root')"
gosu 0:vt sh -c "$probe"; want 0 0:vt
out_is "$(ids 0 4243 ' ' '/root root')"
gosu root: sh -c "$probe"; want 0 'root:'
out_is "$(ids 0 0 ' ' '/root root')"
gosu '' id -u; want 0 "''"
out_is 0
gosu :4244 id -g; want 0 ':4244'
out_is 4244
# exec in place: the command has gosu's pid
"$T/gosu" vt sh -c 'echo $$' >"$T/.out" 2>"$T/.err" & gp=$!
wait $gp
out_is "$gp"

# failures: exit 1, gosu's messages
gosu bogus true; want 1 bogus
err_has "error: failed switching to 'bogus'"
gosu 0day true; want 1 0day
gosu 0:bogus true; want 1 0:bogus
err_has "unknown group 'bogus'"
gosu 0:0day true; want 1 0:0day
gosu vt no-such-command-volinit; want 1 'no command'
err_has 'no-such-command-volinit'
# stricter than gosu: no passwd entry and no group is refused, not gid 0
gosu 5000 true; want 1 5000
err_has 'has no passwd entry: give a group too'
gosu; want 1 'no args'
err_has 'Usage: gosu user-spec command [args]'
gosu vt; want 1 'no command'
gosu --help; want 0 --help
grep -q 'Usage: gosu' "$T/.out" || fail "--help: $(cat "$T/.out")"
gosu -v; want 0 -v
vi gosu vt:vt3 id -G
[ "$rc" = 0 ] && out_is 4245 || fail "volinit gosu: $rc $(cat "$T/.err")"
