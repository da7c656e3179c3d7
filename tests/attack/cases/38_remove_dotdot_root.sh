# remove of the root itself, `.`, `..` and paths that climb out of it:
# exit 5 before touching anything.
attack() {
	mkdir -p "$VOL/a"
	printf 'mine\n' > "$VOL/a/f"
	for p in "$VOL" "$VOL/" "$VOL/." "$VOL/.." "$VOL/a/../.." \
	    "$VOL/a/../../sentinel" "$VOL/../sentinel/secret" "/" "$B"; do
		expect_rc 5 -e "$(plan "remove $p")"
	done
	content "$VOL/a/f" "mine
"
	control
}
both attack
