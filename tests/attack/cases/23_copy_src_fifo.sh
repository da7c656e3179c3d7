# FIFOs in a copy source (in the tree, named directly, behind a followed
# link with links=follow, as a ConfigMap key): never opened (an open FIFO
# blocks forever), never recreated; the rest is copied.
attack() {
	mkdir -p "$VOL/in" "$VOL/cm/..2024_01_01"
	mkfifo "$VOL/in/fifo" "$VOL/cm/..2024_01_01/key"
	printf 'mine\n' > "$VOL/in/f"
	ln -s fifo "$VOL/in/tofifo"
	ln -s ..2024_01_01 "$VOL/cm/..data"
	ln -s ..data/key "$VOL/cm/key"
	ok -e "$(plan "copy $VOL/in $VOL/out")"
	absent "$VOL/out/fifo"
	content "$VOL/out/f" "mine
"
	expect_rc "0|1" -e "$(plan "copy $VOL/in $VOL/out2 links=follow")"
	[ ! -p "$VOL/out2/fifo" ] && [ ! -p "$VOL/out2/tofifo" ] ||
	    fail "a FIFO was recreated"
	expect_rc "0|1" -e "$(plan "copy $VOL/in/fifo $VOL/named")"
	absent "$VOL/named"
	expect_rc "0|1" -e "$(plan "copy $VOL/cm $VOL/cmout")"
	[ ! -p "$VOL/cmout/key" ] || fail "a FIFO was recreated"
	control
}
both attack
