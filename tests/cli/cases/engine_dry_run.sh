# --dry-run changes nothing and shows a unified diff.
mkdir "$T/v"
printf 'old\nsame\n' > "$T/v/f"
disk_snap "$T/v"
ok --dry-run -e "write $T/v/f \"new\\nsame\\n\"
write $T/v/g fresh
mkdir $T/v/d
symlink $T/v/d/l f
chmod -R 0700 $T/v
remove $T/v/f"
content "$T/v/f" "old
same
"
absent "$T/v/g"; absent "$T/v/d"
err_has "-old"
err_has "+new"
err_has " same"
summary_changed 6
disk_same "$T/v"
ok check -e "write $T/v/g fresh"
absent "$T/v/g"
disk_same "$T/v"
