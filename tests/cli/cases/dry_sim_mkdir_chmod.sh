# A dry run sees the directory an earlier mkdir would make (issue 10.5):
# chmod of it is changed (or unchanged when mkdir gives that mode already),
# exit 0, and nothing on disk changes.
V=$T/v; mkdir -p "$V/x"
disk_snap "$V"
ok --dry-run -e "mkdir $V/x/a" -e "chmod 0700 $V/x/a"
err_has "[1] mkdir $V/x/a: changed"
err_has "[2] chmod $V/x/a: changed"
summary_changed 2
disk_same "$V"
ok --dry-run -e "mkdir $V/x/a/b/c mode=0700" -e "chmod 0700 $V/x/a/b/c" \
    -e "chmod -R u=rwx,go= $V/x/a"
err_has "[2] chmod $V/x/a/b/c: unchanged"
err_has "[3] chmod $V/x/a: changed"
err_has "would change $V/x/a/b"
summary_changed 2
absent "$V/x/a"
disk_same "$V"
