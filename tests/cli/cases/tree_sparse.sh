# copy keeps holes: a 1 GiB sparse file with three data blocks copies to a
# file with the same bytes and about as few blocks (SEEK_DATA/SEEK_HOLE).
truncate -s 1G "$T/sparse"
printf head | dd of="$T/sparse" conv=notrunc status=none
printf middle | dd of="$T/sparse" bs=1 seek=$((300 << 20)) conv=notrunc status=none
printf tail | dd of="$T/sparse" bs=1 seek=$(((1 << 30) - 4)) conv=notrunc status=none
[ "$(stat -c %b "$T/sparse")" -lt 1024 ] || { echo "SKIP: no sparse files here"; exit 77; }
ok -e "copy $T/sparse $T/vol/sparse"
[ "$(stat -c %s "$T/vol/sparse")" = $((1 << 30)) ] || fail "size $(stat -c %s "$T/vol/sparse")"
blocks=$(stat -c %b "$T/vol/sparse")
[ "$blocks" -lt 1024 ] || fail "the copy has $blocks blocks: holes filled"
cmp "$T/sparse" "$T/vol/sparse" || fail "content differs"
# a hole at the end and a file that is all hole
truncate -s 64M "$T/holes"
printf x | dd of="$T/holes" conv=notrunc status=none
truncate -s 8M "$T/empty"
ok -e "copy $T/holes $T/vol/holes" -e "copy $T/empty $T/vol/empty"
cmp "$T/holes" "$T/vol/holes" || fail "holes: content differs"
cmp "$T/empty" "$T/vol/empty" || fail "empty: content differs"
[ "$(stat -c %b "$T/vol/holes")" -lt 1024 ] || fail "tail hole filled"
[ "$(stat -c %b "$T/vol/empty")" -lt 64 ] || fail "all-hole file filled"
# the same again is unchanged
ok -e "copy $T/sparse $T/vol/sparse" -e "copy $T/holes $T/vol/holes"
summary_changed 0
