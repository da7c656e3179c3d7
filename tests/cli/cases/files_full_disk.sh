# A full disk: a one-line error naming the path, old content and no temp.
as_root
mkdir "$T/small"
mount -t tmpfs -o size=16k tmpfs "$T/small" || { echo "SKIP: no tmpfs"; exit 77; }
trap 'umount "$T/small"' EXIT
echo old > "$T/small/f"
big=$(head -c 60000 /dev/zero | tr '\0' x)
BIG=$big expect_rc 1 -e "write $T/small/f \${BIG}"
err_has "write $T/small/f: No space left on device"
content "$T/small/f" "old
"
no_temp_files "$T/small"
# read-only: unchanged still succeeds; a change fails cleanly
mount -o remount,ro "$T/small"
ok -e "write $T/small/f \"old\\n\""
summary_changed 0
expect_rc 1 -e "write $T/small/f new"
err_has "Read-only file system"
