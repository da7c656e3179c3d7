# A dry run sees the file an earlier write would make: chmod of it is
# changed once, then unchanged; the same content written again is
# unchanged; a different one shows its diff against the first.
V=$T/v; mkdir -p "$V"
disk_snap "$V"
ok --dry-run -e "write $V/n/f hi" -e "chmod 0600 $V/n/f" \
    -e "chmod 0600 $V/n/f" -e "write $V/n/f hi" -e "write $V/n/f ho"
err_has "[1] write $V/n/f: changed"
err_has "[2] chmod $V/n/f: changed"
err_has "[3] chmod $V/n/f: unchanged"
err_has "[4] write $V/n/f: unchanged"
err_has "[5] write $V/n/f: changed"
err_has "-hi"
err_has "+ho"
summary_changed 3
absent "$V/n"
disk_same "$V"
