# Device nodes in a copy source (char and block, in the tree and named):
# refused (exit 1 or 5), never opened or recreated.
attack() {
	mkdir -p "$VOL/in"
	printf 'mine\n' > "$VOL/in/f"
	mknod "$VOL/in/null" c 1 3
	mknod "$VOL/in/disk" b 7 200
	expect_rc "1|5" -e "$(plan "copy $VOL/in $VOL/out")"
	absent "$VOL/out/null"
	absent "$VOL/out/disk"
	expect_rc "1|5" -e "$(plan "copy $VOL/in/null $VOL/n")"
	expect_rc "1|5" -e "$(plan "copy $VOL/in/disk $VOL/d")"
	expect_rc "1|5" -e "$(plan "copy $VOL/in/* $VOL/all/")"
	absent "$VOL/n"; absent "$VOL/d"
	absent "$VOL/all/null"; absent "$VOL/all/disk"
	rm "$VOL/in/null" "$VOL/in/disk"
	ok -e "$(plan "copy $VOL/in $VOL/out")"
	content "$VOL/out/f" "mine
"
	control
}
both attack
