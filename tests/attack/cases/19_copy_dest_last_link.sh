# copy onto a destination name that is a link (absolute, relative,
# dangling) to the sentinel: refused (exit 5), nothing written outside;
# a directory copied onto a link to a sentinel directory likewise.
attack() {
	printf 'evil\n' > "$SRC/f"
	mkdir -p "$SRC/tree/sub"; printf 'evil\n' > "$SRC/tree/sub/f"
	ln -s "$SENT/secret" "$VOL/abs"
	ln -s ../sentinel/shadow "$VOL/rel"
	ln -s "$SENT/created" "$VOL/dangling"
	ln -s "$SENT/dir" "$VOL/dirlink"
	for d in abs rel dangling dirlink; do
		expect_rc 5 -e "$(plan "copy $SRC/f $VOL/$d")"
		expect_rc 5 -e "$(plan "copy $SRC/tree $VOL/$d")"
	done
	expect_rc 5 -e "$(plan "copy $SRC/f $VOL/dirlink/")"
	expect_rc 5 -e "$(plan "copy $SRC/tree/sub/f $SRC/f $VOL/dirlink")"
	ok -e "$(plan "copy $SRC/tree $VOL/ok")"
	content "$VOL/ok/sub/f" "evil
"
	control
}
both attack
