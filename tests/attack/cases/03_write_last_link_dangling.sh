# A dangling link at the last component: O_CREAT through it would create a
# file outside the volume (SECURITY.md rule 3). Refused, nothing created.
attack() {
	ln -s "$SENT/created" "$VOL/new"
	ln -s ../sentinel/created-rel "$VOL/newrel"
	ln -s "$B/beside" "$VOL/beside"
	for f in new newrel beside; do
		expect_rc 5 -e "$(plan "write $VOL/$f evil")"
		expect_rc 5 -e "$(plan "ensure-line $VOL/$f evil")"
		expect_rc 5 -e "$(plan "mkdir $VOL/$f")"
	done
	absent "$SENT/created"
	absent "$SENT/created-rel"
	absent "$B/beside"
	control
}
both attack
