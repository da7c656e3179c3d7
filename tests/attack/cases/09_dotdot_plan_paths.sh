# `..` in plan paths that climbs out of the root, lexically and through
# an existing directory; and a path outside every root.
attack() {
	mkdir -p "$VOL/a"
	for p in "$VOL/../sentinel/secret" "$VOL/a/../../sentinel/new" \
	    "$VOL/./a/./../../beside" "$VOL/a/b/../../../sentinel/dir/f" \
	    "$SENT/secret" "$B/beside2"; do
		expect_rc 5 -e "$(plan "write $p evil")"
		expect_rc 5 -e "$(plan "mkdir $p")"
		expect_rc 5 -e "$(plan "remove $p")"
		expect_rc 5 -e "$(plan "chmod 0777 $p")"
		expect_rc 5 -e "$(plan "copy $SRC $p")"
	done
	absent "$B/beside"
	absent "$B/beside2"
	# `..` that stays inside is fine
	ok -e "$(plan "write $VOL/a/../b/f inside")"
	content "$VOL/b/f" "inside"
	control
}
both attack
