# Relative parent links that climb out: ../sentinel, ../../sentinel from a
# subdirectory, and a link to `..` itself (VOL/up -> ..).
attack() {
	ln -s ../sentinel "$VOL/rel"
	mkdir -p "$VOL/a/b"
	ln -s ../../../sentinel/dir "$VOL/a/b/deep"
	ln -s .. "$VOL/up"
	expect_rc 5 -e "$(plan "write $VOL/rel/secret evil")"
	expect_rc 5 -e "$(plan "write $VOL/rel/new/f evil")"
	expect_rc 5 -e "$(plan "write $VOL/a/b/deep/app.conf evil")"
	expect_rc 5 -e "$(plan "write $VOL/up/sentinel/secret evil")"
	expect_rc 5 -e "$(plan "write $VOL/up/escaped evil")"
	expect_rc 5 -e "$(plan "mkdir $VOL/up/newdir")"
	absent "$B/escaped"
	absent "$B/newdir"
	control
}
both attack
