# replace edits an existing file: a planted link at FILE or in a parent is
# refused (exit 5) and the file it points to is neither changed nor copied
# into the volume; a hardlink to a sentinel file is replaced by rename (or
# refused), never edited in place.
attack() {
	ln -s "$SENT/secret" "$VOL/secret"
	ln -s ../sentinel/dir/app.conf "$VOL/rel.conf"
	ln -s "$SENT/dir" "$VOL/etc"
	ln -s .. "$VOL/top"
	ln "$SENT/shadow" "$VOL/hard"
	expect_rc 5 -e "$(plan "replace $VOL/secret SENTINEL evil")"
	expect_rc 5 -e "$(plan "replace $VOL/rel.conf listen evil")"
	expect_rc 5 -e "$(plan "replace $VOL/etc/app.conf listen evil")"
	expect_rc 5 -e "$(plan "replace $VOL/top/sentinel/secret SENTINEL evil")"
	expect_rc 5 --dry-run -e "$(plan "replace $VOL/secret SENTINEL evil")"
	expect_rc "0|5" -e "$(plan "replace $VOL/hard root evil")"
	sentinel_same "after replace on a hardlink"
	rm -f "$VOL/hard"	# the planted hardlink held it from the start
	no_secret_in "$VOL"
	err_lacks "$SECRET"
	printf 'a b\n' > "$VOL/mine"
	ok -e "$(plan "replace $VOL/mine b c")"
	content "$VOL/mine" "a c
"
	control
}
both attack
