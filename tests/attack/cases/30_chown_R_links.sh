# chown -R over a tree full of links to the sentinel (absolute, relative,
# to directories, dangling, to the sentinel's root): links are never
# followed (they may be lchown'd themselves); the tree's own entries are
# changed (positive control).
tree() {
	mkdir -p "$VOL/data/sub/deep"
	printf 'mine\n' > "$VOL/data/f"
	printf 'mine\n' > "$VOL/data/sub/deep/f"
	ln -s "$SENT/secret" "$VOL/data/abs"
	ln -s ../../../sentinel/dir "$VOL/data/sub/deep/rel"
	ln -s "$SENT/dir" "$VOL/data/sub/dirlink"
	ln -s "$SENT/nothing" "$VOL/data/dangling"
	ln -s "$SENT" "$VOL/data/all"
	ln -s "$SENT/link" "$VOL/data/tolink"
}
attack() {
	tree
	ok -e "$(plan "chown -R 4321:4321 $VOL/data")"
	owner_is "$VOL/data" 4321:4321
	owner_is "$VOL/data/sub/deep/f" 4321:4321
	sentinel_same "after chown -R of the tree"
	ok -e "$(plan "chown -R 4322 $VOL")"
	owner_is "$VOL/data/f" 4322:4321
	ok -e "$(plan "chown -R :4323 $VOL/data/sub")"
	owner_is "$VOL/data/sub/deep" 4322:4323
	control
}
both attack
