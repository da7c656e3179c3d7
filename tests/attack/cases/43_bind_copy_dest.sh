# A bind mount of a sentinel directory inside the destination a copy merges
# into: the copy never writes into it (the sentinel's app.conf and f stay),
# warns or fails; files beside it are written.
attack() {
	mkdir -p "$SRC/tree/m/sub" "$VOL/out/m"
	printf 'evil\n' > "$SRC/tree/m/app.conf"
	printf 'evil\n' > "$SRC/tree/m/f"
	printf 'evil\n' > "$SRC/tree/m/new"
	printf 'evil\n' > "$SRC/tree/m/sub/f"
	printf 'mine\n' > "$SRC/tree/f"
	mount --bind "$SENT/dir" "$VOL/out/m"
	expect_rc "0|1|5" -e "$(plan "copy $SRC/tree $VOL/out")"
	sentinel_same "after copy"
	err_has_any mount
	umount "$VOL/out/m"
	control
}
both attack
