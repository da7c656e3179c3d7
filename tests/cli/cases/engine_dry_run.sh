# --dry-run changes nothing and shows a unified diff.
printf 'old\nsame\n' > "$T/f"
ok --dry-run -e "write $T/f \"new\\nsame\\n\"
write $T/g fresh
mkdir $T/d"
content "$T/f" "old
same
"
absent "$T/g"; absent "$T/d"
err_has "-old"
err_has "+new"
err_has " same"
ok check -e "write $T/g fresh"
absent "$T/g"
