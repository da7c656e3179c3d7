# A bind mount of the sentinel inside a copy source on the volume: the copy
# never enters it (no sentinel content in the copy), warns; the rest is
# copied.
attack() {
	mkdir -p "$VOL/in/m"
	printf 'mine\n' > "$VOL/in/f"
	mount --bind "$SENT" "$VOL/in/m"
	expect_rc "0|1" -e "$(plan "copy $VOL/in $VOL/out")"
	no_secret_in "$VOL/out"
	err_has_any mount
	[ $rc != 0 ] || content "$VOL/out/f" "mine
"
	umount "$VOL/in/m"
	control
}
both attack
