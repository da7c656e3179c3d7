# render then copy of the rendered file, in a dry run: the copy's source
# is what the render would have made, its diff shows the rendered text.
V=$T/v; mkdir -p "$V"
printf 'port=${PORT}\n' > "$T/app.tmpl"
disk_snap "$V"
ok --dry-run -e "env PORT=8080" -e "render $T/app.tmpl $V/etc/app.conf" \
    -e "copy $V/etc/app.conf $V/backup/app.conf" \
    -e "copy $V/etc/app.conf $V/backup/app.conf"
err_has "[2] render $V/etc/app.conf: changed"
err_has "[3] copy $V/backup/app.conf: changed"
err_has "+++ $V/backup/app.conf"
[ "$(grep -c '^+port=8080$' "$T/.err")" = 2 ] || fail "want two diffs adding port=8080:
$(cat "$T/.err")"
err_has "[4] copy $V/backup/app.conf: unchanged"
summary_changed 2
absent "$V/etc"; absent "$V/backup"
disk_same "$V"
