# render-dir into a destination where the attacker planted links at the
# names it will write (a file, a subdirectory) or at the destination
# itself: exit 5, nothing written outside.
attack() {
	mkdir -p "$SRC/t/sub"
	printf 'evil\n' > "$SRC/t/app.conf.template"
	printf 'evil\n' > "$SRC/t/sub/f.template"
	mkdir -p "$VOL/o1" "$VOL/o2"
	ln -s "$SENT/dir/app.conf" "$VOL/o1/app.conf"
	ln -s "$SENT/dir" "$VOL/o2/sub"
	ln -s "$SENT/dir" "$VOL/o3"
	ln -s ../sentinel/data "$VOL/o4"
	for d in o1 o2 o3 o4; do
		expect_rc 5 -e "$(plan "render-dir $SRC/t $VOL/$d")"
	done
	ok -e "$(plan "render-dir $SRC/t $VOL/o5")"
	content "$VOL/o5/sub/f" "evil
"
	control
}
both attack
