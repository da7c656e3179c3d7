# copy to a destination behind a parent link (absolute, relative, `..`
# link, dangling with parents to create): exit 5.
attack() {
	printf 'evil\n' > "$SRC/f"
	mkdir -p "$SRC/tree"; printf 'evil\n' > "$SRC/tree/app.conf"
	ln -s "$SENT/dir" "$VOL/abs"
	ln -s ../sentinel "$VOL/rel"
	ln -s .. "$VOL/up"
	ln -s "$SENT/newdir" "$VOL/dangling"
	for d in abs/app.conf abs/new rel/dir/f up/sentinel/secret \
	    up/beside dangling/x/y; do
		expect_rc 5 -e "$(plan "copy $SRC/f $VOL/$d")"
		expect_rc 5 -e "$(plan "copy $SRC/tree $VOL/$d")"
		expect_rc 5 -e "$(plan "copy $SRC/tree/* $VOL/$d/")"
	done
	absent "$B/beside"
	control
}
both attack
