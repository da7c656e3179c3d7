# A dangling link in a parent: creating the missing parents (write's mkdir
# -p) must not create the link's target outside the volume.
attack() {
	ln -s "$SENT/newdir" "$VOL/d"
	ln -s ../sentinel/newrel "$VOL/r"
	expect_rc 5 -e "$(plan "write $VOL/d/f evil")"
	expect_rc 5 -e "$(plan "write $VOL/r/x/f evil")"
	expect_rc 5 -e "$(plan "mkdir $VOL/d/x")"
	expect_rc 5 -e "$(plan "mkdir $VOL/r")"
	absent "$SENT/newdir"
	absent "$SENT/newrel"
	control
}
both attack
