# symlink over an existing link to a sentinel directory replaces the link
# itself (temp link + rename), never creates a link inside the sentinel
# (`ln -sf` would); through a parent link it is refused (exit 5).
attack() {
	mkdir "$VOL/real"
	ln -s "$SENT/dir" "$VOL/current"
	ln -s "$SENT" "$VOL/par"
	ok -e "$(plan "symlink $VOL/current real")"
	link_is "$VOL/current" real
	expect_rc 5 -e "$(plan "symlink $VOL/par/dir/l real")"
	expect_rc 5 -e "$(plan "symlink $VOL/par/new/l real")"
	# a directory at the link's name is an error, nothing made inside it
	mkdir "$VOL/isdir"
	expect_rc "1|5" -e "$(plan "symlink $VOL/isdir real")"
	[ -z "$(ls -A "$VOL/isdir")" ] || fail "a link was made inside isdir"
	control
}
both attack
