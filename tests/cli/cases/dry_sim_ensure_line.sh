# ensure-line after a write in a dry run: it reads what the write would
# have made, so the diff adds only the new line and a line the write put
# there is unchanged.
V=$T/v; mkdir -p "$V"
disk_snap "$V"
ok --dry-run -e "write $V/c/pg_hba.conf \"local all all trust\\n\"" \
    -e "ensure-line $V/c/pg_hba.conf 'host all all all md5'" \
    -e "ensure-line $V/c/pg_hba.conf 'local all all trust'"
err_has "[1] write $V/c/pg_hba.conf: changed"
err_has "[2] ensure-line $V/c/pg_hba.conf: changed"
err_has " local all all trust"
err_has "+host all all all md5"
err_has "[3] ensure-line $V/c/pg_hba.conf: unchanged"
summary_changed 2
absent "$V/c"
disk_same "$V"
