# copy: a ConfigMap layout, cp -H, idempotence, overwrite=, set-id bits,
# mode=/owner=, globs, planted links at the destination.
cm=$T/cm
mkdir -p "$cm/..2024_01_01_00_00_00.1" "$T/vol"
printf 'listen 80\n' > "$cm/..2024_01_01_00_00_00.1/app.conf"
printf 'user x\n' > "$cm/..2024_01_01_00_00_00.1/users.acl"
chmod 400 "$cm/..2024_01_01_00_00_00.1/users.acl"
ln -s ..2024_01_01_00_00_00.1 "$cm/..data"
ln -s ..data/app.conf "$cm/app.conf"
ln -s ..data/users.acl "$cm/users.acl"
# the whole mount: its visible keys as regular files, no .. entries
ok -e "copy $cm $T/vol/conf"
[ -f "$T/vol/conf/app.conf" ] && [ ! -L "$T/vol/conf/app.conf" ] || fail "not a file"
content "$T/vol/conf/app.conf" "listen 80
"
mode_is "$T/vol/conf/users.acl" 400
[ -z "$(ls -A "$T/vol/conf" | grep '^\.\.')" ] || fail ".. entries copied"
# a glob skips the dot entries, follows the key links; mode= and owner=
ok -e "copy $cm/* $T/vol/etc/ mode=0640 owner=daemon:daemon"
mode_is "$T/vol/etc/users.acl" 640
owner_is "$T/vol/etc/app.conf" 1:1
absent "$T/vol/etc/..data"
# idempotent: nothing rewritten, mtime kept
m1=$(stat -c %Y.%y "$T/vol/etc/app.conf")
sleep 0.05
ok -e "copy $cm/* $T/vol/etc/ mode=0640 owner=daemon:daemon" -e "copy $cm $T/vol/conf"
summary_changed 0
[ "$m1" = "$(stat -c %Y.%y "$T/vol/etc/app.conf")" ] || fail "rewritten"
no_temp_files "$T/vol"
# overwrite=missing leaves the user's file alone, creates what is missing
printf 'mine\n' > "$T/vol/etc/app.conf"; chmod 600 "$T/vol/etc/app.conf"
rm "$T/vol/etc/users.acl"
ok -e "copy $cm/* $T/vol/etc/ overwrite=missing"
content "$T/vol/etc/app.conf" "mine
"
mode_is "$T/vol/etc/app.conf" 600
[ -f "$T/vol/etc/users.acl" ] || fail "missing file not created"
ok -e "copy $cm/app.conf $T/vol/etc/app.conf"
content "$T/vol/etc/app.conf" "listen 80
"
# cp -H: links inside a tree stay links (mysql's /dev/stdout)
mkdir -p "$T/logs"; ln -s /dev/stdout "$T/logs/access.log"
ok -e "copy $T/logs $T/vol/logs"
is_link "$T/vol/logs/access.log"
ok -e "copy $T/logs $T/vol/logs2 links=follow"
# set-id bits stripped unless mode= sets them
printf '#!' > "$T/suid"; chmod 6755 "$T/suid"
ok -e "copy $T/suid $T/vol/suid" -e "copy $T/suid $T/vol/suid2 mode=u+s"
mode_is "$T/vol/suid" 755
mode_is "$T/vol/suid2" 4755
# a planted link at the destination is refused, its target untouched
echo keep > "$T/precious"
ln -s "$T/precious" "$T/vol/planted"
expect_rc 5 -e "copy $cm/app.conf $T/vol/planted"
content "$T/precious" "keep
"
# errors: missing source, a glob matching nothing, a device
expect_rc 1 -e "copy $T/nosuch $T/vol/x"
expect_rc 1 -e "copy $T/nosuch* $T/vol/"
err_has "nothing matches"
expect_rc 1 -e "copy /dev/null $T/vol/null"
err_has "device"
absent "$T/vol/null"
# dry-run: counted, nothing written
ok --dry-run -e "copy $cm $T/vol/new/deep/conf"
summary_changed 1
absent "$T/vol/new"
