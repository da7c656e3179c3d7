# set-key reads, then rewrites, its file: a planted link at FILE (absolute,
# relative, dangling) or in a parent (absolute, climbing ..) is refused
# (exit 5); the sentinel is never read into the volume nor changed; a
# hardlink to a sentinel file is replaced by rename (or refused), never
# edited in place; a dry-run is refused alike.
attack() {
	ln -s "$SENT/dir/app.conf" "$VOL/app.conf"
	ln -s ../sentinel/shadow "$VOL/rel.conf"
	ln -s "$SENT/nonexistent" "$VOL/dangling.conf"
	ln -s "$SENT/dir" "$VOL/etc"
	ln -s ../sentinel "$VOL/up"
	ln "$SENT/shadow" "$VOL/hard"
	expect_rc 5 -e "$(plan "set-key $VOL/app.conf listen 'evil'")"
	expect_rc 5 -e "$(plan "set-key $VOL/rel.conf root evil sep=:")"
	expect_rc 5 -e "$(plan "set-key $VOL/dangling.conf k evil")"
	absent "$SENT/nonexistent"
	expect_rc 5 -e "$(plan "set-key $VOL/etc/app.conf listen evil")"
	expect_rc 5 -e "$(plan "set-key $VOL/up/dir/new.conf k evil")"
	expect_rc 5 --dry-run -e "$(plan "set-key $VOL/app.conf listen evil")"
	expect_rc "0|5" -e "$(plan "set-key $VOL/hard root evil sep=:")"
	sentinel_same "after set-key on a hardlink"
	rm -f "$VOL/hard"	# the planted hardlink held it from the start
	no_secret_in "$VOL"
	absent "$SENT/dir/new.conf"
	printf 'a = 1\n' > "$VOL/mine"
	ok -e "$(plan "set-key $VOL/mine a 2")"
	content "$VOL/mine" "a = 2
"
	control
}
both attack
