# ensure-line reads, then rewrites, its file: a link at the file or in a
# parent is refused (exit 5); a hardlink to a sentinel file is replaced by
# rename (or refused), never appended to in place.
attack() {
	ln -s "$SENT/shadow" "$VOL/hosts"
	ln -s "$SENT/dir" "$VOL/etc"
	ln "$SENT/shadow" "$VOL/hard"
	expect_rc 5 -e "$(plan "ensure-line $VOL/hosts 'evil:x:0:0::/:/bin/sh'")"
	expect_rc 5 -e "$(plan "ensure-line $VOL/etc/app.conf evil")"
	expect_rc "0|5" -e "$(plan "ensure-line $VOL/hard evil")"
	sentinel_same "after ensure-line on a hardlink"
	printf 'a\n' > "$VOL/mine"
	ok -e "$(plan "ensure-line $VOL/mine b")"
	content "$VOL/mine" "a
b
"
	control
}
both attack
