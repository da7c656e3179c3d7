# write, render and copy over a file that is a hardlink to a sentinel file:
# the volume's name is replaced (temp + rename) or the step refused; the
# sentinel's inode is never written in place.
attack() {
	ln "$SENT/secret" "$VOL/w"
	ln "$SENT/shadow" "$VOL/r"
	ln "$SENT/dir/app.conf" "$VOL/c"
	printf 'rendered\n' > "$SRC/t"
	printf 'copied\n' > "$SRC/f"
	expect_rc "0|5" -e "$(plan "write $VOL/w written")"
	[ $rc != 0 ] || content "$VOL/w" "written"
	expect_rc "0|5" -e "$(plan "render $SRC/t $VOL/r")"
	[ $rc != 0 ] || content "$VOL/r" "rendered
"
	expect_rc "0|5" -e "$(plan "copy $SRC/f $VOL/c")"
	[ $rc != 0 ] || content "$VOL/c" "copied
"
	# mode= and owner= on an existing hardlink never reach the sentinel,
	# not even when the content already matches (only metadata differs)
	ln "$SENT/data/f" "$VOL/m"
	expect_rc "0|5" -e "$(plan "write $VOL/m x mode=0777 owner=4321:4321")"
	ln "$SENT/dir/f" "$VOL/same"
	printf 'inner %s\n' "$SECRET" > "$SRC/same"
	expect_rc "0|5" -e "$(plan \
	    "write $VOL/same \"inner $SECRET\\n\" mode=0777 owner=4321:4321")"
	rm -f "$VOL/same"; ln "$SENT/dir/f" "$VOL/same"
	expect_rc "0|5" -e "$(plan "copy $SRC/same $VOL/same mode=0777 owner=4321")"
	rm -f "$VOL/same"; ln "$SENT/dir/f" "$VOL/same"
	expect_rc "0|5" -e "$(plan "ensure-line $VOL/same \"inner $SECRET\" mode=0777")"
	rm -f "$VOL/same"; ln "$SENT/dir/f" "$VOL/same"
	expect_rc "0|5" -e "$(plan "render $SRC/same $VOL/same mode=0777 owner=4321")"
	control
}
both attack
