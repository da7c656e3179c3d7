# A `root` whose own path is a symlink planted on the volume
# (ln -s /outside VOL/data; root VOL/data) must be refused with exit 5
# naming the link (SECURITY.md rule 12); the steps after it never run.
attack() {
	ln -s "$SENT/dir" "$VOL/data"
	ln -s ../sentinel/data "$VOL/reldata"
	expect_rc 5 -e "root $VOL/data
write $VOL/data/app.conf evil
chmod -R 0777 $VOL/data"
	err_has "$VOL/data"
	expect_rc 5 -e "root $VOL/reldata
write $VOL/reldata/f evil"
	err_has "$VOL/reldata"
	expect_rc 5 --root "$VOL/data" -e "write $VOL/data/new evil"
	err_has "$VOL/data"
	# the same volume as a real directory is a fine root
	mkdir "$VOL/real"
	ok -e "root $VOL/real
write $VOL/real/f ok"
	content "$VOL/real/f" "ok"
	control
}
both attack
