# A relative symlink at the last component that climbs out of the volume
# (../sentinel/secret) and one that stays inside but names a link to the
# sentinel: refused (exit 5) either way.
attack() {
	ln -s ../sentinel/secret "$VOL/app.conf"
	mkdir "$VOL/etc"
	ln -s ../../sentinel/shadow "$VOL/etc/shadow"
	ln -s app.conf "$VOL/indirect"
	expect_rc 5 -e "$(plan "write $VOL/app.conf evil")"
	expect_rc 5 -e "$(plan "write $VOL/etc/shadow evil")"
	expect_rc 5 -e "$(plan "write $VOL/indirect evil")"
	expect_rc 5 -e "$(plan "ensure-line $VOL/etc/shadow evil")"
	is_link "$VOL/etc/shadow"
	control
}
both attack
