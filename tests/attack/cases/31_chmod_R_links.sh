# chmod -R (octal and symbolic) over a tree full of links to the sentinel:
# never followed, never chmod'ed through; the tree's own entries change.
# Also with the fchmodat2 fallback forced (a real fd per entry).
tree() {
	mkdir -p "$VOL/data/sub/deep"
	printf 'mine\n' > "$VOL/data/f"
	printf 'mine\n' > "$VOL/data/sub/deep/f"
	ln -s "$SENT/secret" "$VOL/data/abs"
	ln -s ../../../sentinel/dir "$VOL/data/sub/deep/rel"
	ln -s "$SENT/dir" "$VOL/data/sub/dirlink"
	ln -s "$SENT/nothing" "$VOL/data/dangling"
	ln -s "$SENT" "$VOL/data/all"
}
attack() {
	tree
	ok -e "$(plan "chmod -R 0705 $VOL/data")"
	mode_is "$VOL/data/sub/deep/f" 705
	sentinel_same "after chmod -R 0705"
	ok -e "$(plan "chmod -R u+s,g+ws,o+w $VOL/data")"
	mode_is "$VOL/data/f" 6727
	sentinel_same "after a symbolic chmod -R"
	VOLINIT_TEST_NO_FCHMODAT2=1 ok -e "$(plan "chmod -R 0700 $VOL")"
	mode_is "$VOL/data/sub/deep/f" 700
	ok -e "$(plan "chmod -R a=rX,u+w $VOL/data")"
	mode_is "$VOL/data/sub" 755
	control
}
both attack
