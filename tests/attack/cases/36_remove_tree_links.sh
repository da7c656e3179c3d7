# remove of a tree holding links to the sentinel (absolute, relative, to
# directories, to the sentinel's root, dangling) and a hardlink to a
# sentinel file: the links and the hardlink's name go, nothing behind them.
# Naming a link (with a trailing slash or /. too) removes the link only.
attack() {
	mkdir -p "$VOL/t/sub/deep"
	printf 'mine\n' > "$VOL/t/f"
	ln -s "$SENT/secret" "$VOL/t/abs"
	ln -s ../../../sentinel/dir "$VOL/t/sub/rel"
	ln -s "$SENT/dir" "$VOL/t/sub/deep/dirlink"
	ln -s "$SENT" "$VOL/t/all"
	ln -s "$SENT/none" "$VOL/t/dangling"
	ln "$SENT/shadow" "$VOL/t/sub/hard"
	ok -e "$(plan "remove $VOL/t")"
	absent "$VOL/t"
	sentinel_same "after remove of the tree"
	ln -s "$SENT/dir" "$VOL/l1"
	ln -s "$SENT/dir" "$VOL/l2"
	ln -s ../sentinel/data "$VOL/l3"
	expect_rc "0|5" -e "$(plan "remove $VOL/l1")"
	[ $rc != 0 ] || absent "$VOL/l1"
	expect_rc "0|5" -e "$(plan "remove $VOL/l2/")"
	expect_rc "0|5" -e "$(plan "remove $VOL/l3/.")"
	# without a root, too
	ln -s "$SENT/dir" "$VOL/l4"
	expect_rc "0|5" -e "remove $VOL/l4/"
	mkdir -p "$VOL/gone/x"
	ok -e "$(plan "remove $VOL/gone")"
	absent "$VOL/gone"
	control
}
both attack
