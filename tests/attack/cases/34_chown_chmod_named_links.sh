# chown/chmod (plain and -R) naming a link, or a path behind a parent link
# (absolute, relative, dangling): refused, exit 5.
attack() {
	ln -s "$SENT/dir" "$VOL/dl"
	ln -s "$SENT/secret" "$VOL/fl"
	ln -s ../sentinel "$VOL/rel"
	ln -s "$SENT/none" "$VOL/dang"
	for p in dl fl dang rel/dir rel/secret dl/sub dl/f; do
		expect_rc 5 -e "$(plan "chown 4321:4321 $VOL/$p")"
		expect_rc 5 -e "$(plan "chown -R 4321:4321 $VOL/$p")"
		expect_rc 5 -e "$(plan "chmod 0777 $VOL/$p")"
		expect_rc 5 -e "$(plan "chmod -R 0777 $VOL/$p")"
	done
	mkdir "$VOL/real"
	ok -e "$(plan "chown -R 4321 $VOL/real" "chmod 0700 $VOL/real")"
	owner_is "$VOL/real" 4321:0
	mode_is "$VOL/real" 700
	control
}
both attack
