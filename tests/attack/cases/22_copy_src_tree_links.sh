# Copying a tree from the volume that holds links to the sentinel
# (absolute, relative, to a directory, dangling): cp -a keeps them as
# links (or refuses); never follows one: no sentinel content, no sentinel
# directory shows up as a real file or directory in the copy.
attack() {
	mkdir -p "$VOL/in/sub"
	printf 'mine\n' > "$VOL/in/sub/f"
	ln -s "$SENT/secret" "$VOL/in/abs"
	ln -s ../../sentinel/shadow "$VOL/in/rel"
	ln -s ../../../sentinel/dir "$VOL/in/sub/dirlink"
	ln -s "$SENT/gone" "$VOL/in/dangling"
	ln -s "$SENT" "$VOL/in/all"
	expect_rc "0|5" -e "$(plan "copy $VOL/in $VOL/out")"
	no_secret_in "$VOL"
	for l in abs rel sub/dirlink dangling all; do
		[ ! -e "$VOL/out/$l" ] || [ -L "$VOL/out/$l" ] ||
		    fail "[R=$R] $l was followed: a real entry in the copy"
	done
	[ $rc != 0 ] || content "$VOL/out/sub/f" "mine
"
	# copied into a directory: the same
	expect_rc "0|5" -e "$(plan "copy $VOL/in $VOL/out2/")"
	no_secret_in "$VOL"
	control
}
both attack
