# write: atomic, idempotent, no temp files, overwrite= policies.
ok -e "write $T/conf/app.conf 'hello world'"
content "$T/conf/app.conf" "hello world"
mode_is "$T/conf/app.conf" 644
no_temp_files "$T"
before=$(stat -c '%i %y %z' "$T/conf/app.conf")
sleep 0.05
ok -e "write $T/conf/app.conf 'hello world'"
summary_changed 0
[ "$(stat -c '%i %y %z' "$T/conf/app.conf")" = "$before" ] || fail "unchanged write touched the file"
ok -e "write $T/conf/app.conf \"two\\nlines\" mode=0640"
content "$T/conf/app.conf" "two
lines"
mode_is "$T/conf/app.conf" 640
# without mode=, the existing mode is kept
ok -e "write $T/conf/app.conf changed"
mode_is "$T/conf/app.conf" 640
# overwrite=missing leaves content and mode alone
echo mine > "$T/user.conf"; chmod 600 "$T/user.conf"
ok -e "write $T/user.conf default mode=0644 overwrite=missing"
content "$T/user.conf" "mine
"
mode_is "$T/user.conf" 600
summary_changed 0
ok -e "write $T/fresh.conf default overwrite=never"
content "$T/fresh.conf" "default"
# a directory where the file should be
mkdir "$T/isdir"
expect_rc 1 -e "write $T/isdir x"
err_has "Is a directory"
no_temp_files "$T"
# bad options are plan errors
expect_rc 3 -e "write $T/x y overwrite=sometimes"
