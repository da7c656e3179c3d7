# An absolute symlink in a parent component leading to the sentinel's
# directory: the write is refused (exit 5) whether the file exists there or
# not; mkdir and symlink through it too.
attack() {
	ln -s "$SENT/dir" "$VOL/conf"
	ln -s "$SENT" "$VOL/all"
	expect_rc 5 -e "$(plan "write $VOL/conf/app.conf evil")"
	expect_rc 5 -e "$(plan "write $VOL/conf/new evil")"
	expect_rc 5 -e "$(plan "write $VOL/all/secret evil")"
	expect_rc 5 -e "$(plan "write $VOL/conf/sub/new/deep evil")"
	expect_rc 5 -e "$(plan "mkdir $VOL/conf/newdir")"
	expect_rc 5 -e "$(plan "symlink $VOL/conf/l x")"
	expect_rc 5 -e "$(plan "ensure-line $VOL/conf/f evil")"
	control
}
both attack
