# A bind mount of the sentinel inside a chown -R tree: never entered (mount
# ids, not st_dev), a warning; the rest of the tree is changed.
attack() {
	mkdir -p "$VOL/data/m"
	printf 'mine\n' > "$VOL/data/f"
	mount --bind "$SENT" "$VOL/data/m"
	ok -e "$(plan "chown -R 4321:4321 $VOL/data")"
	sentinel_same "after chown -R"
	err_has_any mount
	owner_is "$VOL/data/f" 4321:4321
	ok -e "$(plan "chown -R 4322 $VOL")"
	umount "$VOL/data/m"
	control
}
both attack
