# A bind mount of the sentinel inside a chmod -R tree: never entered, a
# warning; the rest of the tree is changed.
attack() {
	mkdir -p "$VOL/data/m"
	printf 'mine\n' > "$VOL/data/f"
	mount --bind "$SENT" "$VOL/data/m"
	ok -e "$(plan "chmod -R 0700 $VOL/data")"
	sentinel_same "after chmod -R"
	err_has_any mount
	mode_is "$VOL/data/f" 700
	ok -e "$(plan "chmod -R go+w $VOL")"
	umount "$VOL/data/m"
	control
}
both attack
