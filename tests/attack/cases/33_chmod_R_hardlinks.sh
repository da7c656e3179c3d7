# Hardlinks to sentinel files (one set-uid) inside a chmod -R tree, and one
# named directly: skipped with a warning, never chmod'ed; with and without
# fchmodat2.
attack() {
	mkdir -p "$VOL/data/sub"
	printf 'mine\n' > "$VOL/data/f"
	ln "$SENT/secret" "$VOL/data/hl"
	ln "$SENT/setuid" "$VOL/data/sub/setuid"
	ok -e "$(plan "chmod -R 0777 $VOL/data")"
	err_has_any "hard link"
	mode_is "$VOL/data/f" 777
	sentinel_same "after chmod -R 0777"
	VOLINIT_TEST_NO_FCHMODAT2=1 ok -e "$(plan "chmod -R u-s,go+r $VOL/data")"
	sentinel_same "after chmod -R without fchmodat2"
	expect_rc "0|5" -e "$(plan "chmod 0666 $VOL/data/hl")"
	sentinel_same "after chmod of a named hardlink"
	control
}
both attack
