# A symlink in a parent component of a `root` path (VOL/mnt -> sentinel,
# root VOL/mnt/dir) is refused as well: exit 5, naming the link.
attack() {
	ln -s "$SENT" "$VOL/mnt"
	ln -s .. "$VOL/up"
	expect_rc 5 -e "root $VOL/mnt/dir
write $VOL/mnt/dir/app.conf evil"
	err_has "$VOL/mnt"
	expect_rc 5 -e "root $VOL/up/sentinel
write $VOL/up/sentinel/secret evil"
	err_has "$VOL/up"
	control
}
both attack
