# A bind mount of the sentinel inside a tree being removed (same
# filesystem: st_dev cannot tell it apart; SECURITY.md rule 14 wants mount
# ids). remove never enters it: the sentinel survives, a warning names the
# mount; the step may fail (the mount point cannot go).
attack() {
	mkdir -p "$VOL/dir/m" "$VOL/dir/sub"
	printf 'mine\n' > "$VOL/dir/f"
	mount --bind "$SENT" "$VOL/dir/m"
	expect_rc "0|1" -e "$(plan "remove $VOL/dir")"
	sentinel_same "after remove"
	err_has_any mount
	umount "$VOL/dir/m"
	ok -e "$(plan "remove $VOL/dir")"
	absent "$VOL/dir"
	control
}
both attack
