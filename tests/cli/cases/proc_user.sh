# user=: su-exec's rules against fixture passwd/group files (VOLINIT_PASSWD,
# VOLINIT_GROUP), read back from the child's /proc/self/status; refusals.
as_root
user_fixture
chmod 1777 "$T"
probe='grep -E "^(Uid|Gid|Groups):" /proc/self/status; echo "$HOME $USER $LOGNAME"; test ! -w /etc/shadow'

HOME=/root USER=root vi -e "exec user=vt -- sh -c '$probe'"
[ "$rc" = 0 ] || fail "exec user=vt: $rc $(cat "$T/.err")"
out_is "$(printf 'Uid:\t4242\t4242\t4242\t4242\nGid:\t4243\t4243\t4243\t4243\nGroups:\t4243 4244 4245 \n/home/vt vt vt')"

vi -e "run user=vt:vt2 cwd=$T -- sh -c '{ $probe; } > out'"
[ "$rc" = 0 ] || fail "run user=vt:vt2: $rc $(cat "$T/.err")"
[ "$(cat "$T/out")" = "$(printf 'Uid:\t4242\t4242\t4242\t4242\nGid:\t4244\t4244\t4244\t4244\nGroups:\t4244 \n/home/vt vt vt')" ] ||
    fail "run user=vt:vt2 gave: $(cat "$T/out")"

USER=root vi -e "exec user=5000:5001 -- sh -c '$probe'"
out_is "$(printf 'Uid:\t5000\t5000\t5000\t5000\nGid:\t5001\t5001\t5001\t5001\nGroups:\t5001 \n/  ')"

# The machine's own files: a named user gets its passwd ids.
if id -u nobody >/dev/null 2>&1; then
	VOLINIT_PASSWD= VOLINIT_GROUP= ok -e \
	    "run user=nobody -- sh -c 'test \$(id -u) = $(id -u nobody) && test \$(id -g) = $(id -g nobody)'"
fi

# Refusals: no entry and no group (never gid 0), unknown names, bad forms.
expect_rc 1 -e 'exec user=5000 -- true'
err_has 'has no passwd entry: give a group too (user=5000:GID)'
expect_rc 1 -e 'run user=ghost -- true'
err_has "unknown user 'ghost'"
expect_rc 1 -e 'run user=vt:ghost -- true'
err_has "unknown group 'ghost'"
expect_rc 3 -e 'run user=:4243 -- true'
expect_rc 1 check -e 'run user=ghost -- true'
