# Hardlinks to sentinel files inside a chown -R tree (and one named
# directly): skipped with a warning, never chowned (coreutils 9.1 and
# busybox chown them, SECURITY.md rule 4). The rest of the tree changes.
attack() {
	mkdir -p "$VOL/data/sub"
	printf 'mine\n' > "$VOL/data/f"
	ln "$SENT/secret" "$VOL/data/hl"
	ln "$SENT/setuid" "$VOL/data/sub/setuid"
	ln "$SENT/dir/sub/f" "$VOL/data/sub/f"
	ok -e "$(plan "chown -R 4321:4321 $VOL/data")"
	err_has_any "hard link"
	owner_is "$VOL/data/f" 4321:4321
	owner_is "$VOL/data/sub" 4321:4321
	sentinel_same "after chown -R"
	expect_rc "0|5" -e "$(plan "chown 4321 $VOL/data/hl")"
	sentinel_same "after chown of a named hardlink"
	ok -e "$(plan "chown -R 4322 $VOL")"
	owner_is "$VOL/data/f" 4322:4321
	control
}
both attack
