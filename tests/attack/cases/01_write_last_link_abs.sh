# write/render/ensure-line at a name that is an absolute symlink to a
# sentinel file: refused (exit 5), never followed, never replaced.
attack() {
	ln -s "$SENT/secret" "$VOL/app.conf"
	expect_rc 5 -e "$(plan "write $VOL/app.conf evil")"
	is_link "$VOL/app.conf"
	expect_rc 5 -e "$(plan "ensure-line $VOL/app.conf evil")"
	printf 'x\n' > "$SRC/t"
	expect_rc 5 -e "$(plan "render $SRC/t $VOL/app.conf")"
	# without any root the last component is protected all the same
	expect_rc 5 -e "write $VOL/app.conf evil"
	link_is "$VOL/app.conf" "$SENT/secret"
	control
}
both attack
