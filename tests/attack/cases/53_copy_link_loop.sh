# Link loops in a copy source: links=follow over a link to `.` or to a
# parent, and a ConfigMap-looking `..data -> .`: refused or kept, never an
# endless copy (no hang, no crash, exit 0, 1 or 5), nothing outside.
attack() {
	mkdir -p "$VOL/in/sub" "$VOL/cm"
	printf 'mine\n' > "$VOL/in/f"
	ln -s . "$VOL/in/self"
	ln -s .. "$VOL/in/sub/up"
	ln -s . "$VOL/cm/..data"
	ln -s ..data/..data "$VOL/cm/key"
	expect_rc "0|1|5" -e "$(plan "copy $VOL/in $VOL/out links=follow")"
	expect_rc "0|1|5" -e "$(plan "copy $VOL/cm $VOL/out2")"
	expect_rc "0|1|5" -e "$(plan "copy $VOL/cm $VOL/out3 links=follow")"
	ok -e "$(plan "copy $VOL/in $VOL/out4")"
	is_link "$VOL/out4/self"
	control
}
both attack
