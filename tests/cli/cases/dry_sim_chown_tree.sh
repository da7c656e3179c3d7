# chown -R of a tree an earlier copy would make, in a dry run: every entry
# the copy makes is changed once, then unchanged; a run step says it is
# not simulated; nothing on disk changes.
as_root
V=$T/v; S=$T/src; mkdir -p "$V" "$S/sub"
echo a > "$S/a"; echo b > "$S/sub/b"; ln -s a "$S/l"
disk_snap "$V"
ok --dry-run -e "copy $S $V/t" -e "chown -R 1234:1234 $V/t" \
    -e "chown -R 1234:1234 $V/t" -e "run -- true"
err_has "[1] copy $V/t: changed"
err_has "[2] chown $V/t: changed"
err_has "would change $V/t/sub/b"
err_has "would change $V/t/l"
err_has "[3] chown $V/t: unchanged"
err_has "dry run: run steps are not simulated; later steps see the volume as it is"
summary_changed 3
absent "$V/t"
disk_same "$V"
