# copy into a directory an earlier mkdir would make, in a dry run: exit 0,
# a unified diff per changed file (a binary file "Binary files ... differ",
# a file others may not read no content), the same copy again unchanged,
# nothing on disk changed.
V=$T/v; S=$T/src; mkdir -p "$V" "$S/sub"
echo alpha > "$S/a"; echo beta > "$S/sub/b"; printf 'x\0y' > "$S/bin"
printf 'hunter2-key\n' > "$S/key"; chmod 0600 "$S/key"
echo old > "$V/a"
disk_snap "$V"
ok --dry-run -e "mkdir $V/d" -e "copy $S/a $S/sub $S/bin $S/key $V/d/" \
    -e "copy $S/a $S/sub $V/d/" -e "copy $S/a $V/a"
err_has "[1] mkdir $V/d: changed"
err_has "[2] copy $V/d/: changed"
err_has "+++ $V/d/a"
err_has "+alpha"
err_has "+++ $V/d/sub/b"
err_has "+beta"
err_has "Binary files $V/d/bin and $V/d/bin differ"
err_has "+++ $V/d/key"
err_lacks "hunter2"
err_has "[3] copy $V/d/: unchanged"
err_has "[4] copy $V/a: changed"
err_has "-old"
summary_changed 3
absent "$V/d"
disk_same "$V"
