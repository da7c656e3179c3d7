# Merging a tree into an existing destination where the attacker planted
# links at names the copy will write: a file name linked to a sentinel
# file, a directory name linked to a sentinel directory (absolute and
# relative). Refused (exit 5); nothing written through them.
plant() {	# plant NAME TARGET: a fresh VOL/conf holding only NAME -> TARGET
	rm -rf "$VOL/conf"
	mkdir "$VOL/conf"
	ln -s "$2" "$VOL/conf/$1"
}
attack() {
	mkdir -p "$SRC/tree/sub" "$SRC/tree/rsub"
	printf 'evil\n' > "$SRC/tree/app.conf"
	printf 'evil\n' > "$SRC/tree/sub/f"
	printf 'evil\n' > "$SRC/tree/rsub/f"
	plant app.conf "$SENT/dir/app.conf"
	expect_rc 5 -e "$(plan "copy $SRC/tree $VOL/conf")"
	plant sub "$SENT/dir"
	expect_rc 5 -e "$(plan "copy $SRC/tree $VOL/conf")"
	plant rsub ../../sentinel/dir
	expect_rc 5 -e "$(plan "copy $SRC/tree $VOL/conf")"
	plant sub "$SENT/dir"
	expect_rc 5 -e "$(plan "copy $SRC/tree/sub $VOL/conf/")"
	plant app.conf ../../sentinel/new
	expect_rc 5 -e "$(plan "copy $SRC/tree $VOL/conf")"
	rm -rf "$VOL/conf"
	ok -e "$(plan "copy $SRC/tree $VOL/conf")"
	content "$VOL/conf/rsub/f" "evil
"
	control
}
both attack
