# remove of a path behind a parent link (absolute, relative, a chain, a
# link to `..`): exit 5, nothing removed outside.
attack() {
	ln -s "$SENT" "$VOL/abs"
	ln -s ../sentinel/dir "$VOL/rel"
	ln -s c1 "$VOL/chain"
	ln -s ../sentinel "$VOL/c1"
	ln -s .. "$VOL/up"
	for p in abs/secret abs/dir rel/sub rel/f chain/data up/sentinel \
	    up/sentinel/secret; do
		expect_rc 5 -e "$(plan "remove $VOL/$p")"
	done
	control
}
both attack
