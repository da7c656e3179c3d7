# mkdir (with mode= and owner=) at a name that is a link to a sentinel
# directory, and through a link in a parent: refused (exit 5); the
# sentinel's directory keeps its mode 0751 and owner 1234:5678.
attack() {
	ln -s "$SENT/dir" "$VOL/last"
	ln -s ../sentinel/dir "$VOL/lastrel"
	ln -s "$SENT" "$VOL/par"
	expect_rc 5 -e "$(plan "mkdir $VOL/last mode=0777")"
	expect_rc 5 -e "$(plan "mkdir $VOL/lastrel mode=0700 owner=4321:4321")"
	expect_rc 5 -e "$(plan "mkdir $VOL/last/sub mode=0777")"
	expect_rc 5 -e "$(plan "mkdir $VOL/par/dir mode=0777 owner=4321:4321")"
	expect_rc 5 -e "$(plan "mkdir $VOL/par/new/deeper parents-mode=0777")"
	ok -e "$(plan "mkdir $VOL/real/sub mode=0700 owner=4321:4321")"
	mode_is "$VOL/real/sub" 700
	owner_is "$VOL/real/sub" 4321:4321
	control
}
both attack
