# Chains of relative links, each step innocent-looking, that end outside:
# a -> b/c, b/c -> ../d, d -> ../sentinel/dir; a link loop; a link whose
# target is itself `..`-heavy but stays inside (followed, allowed).
attack() {
	mkdir -p "$VOL/b" "$VOL/real/x"
	ln -s b/c "$VOL/a"
	ln -s ../d "$VOL/b/c"
	ln -s ../sentinel/dir "$VOL/d"
	ln -s loop2 "$VOL/loop1"
	ln -s loop1 "$VOL/loop2"
	ln -s real/x/../../real "$VOL/inside"
	expect_rc 5 -e "$(plan "write $VOL/a/app.conf evil")"
	expect_rc 5 -e "$(plan "write $VOL/a/new evil")"
	expect_rc 5 -e "$(plan "mkdir $VOL/a/sub/x mode=0777")"
	expect_rc "1|5" -e "$(plan "write $VOL/loop1/f evil")"
	ok -e "$(plan "write $VOL/inside/f ok")"
	content "$VOL/real/f" "ok"
	control
}
both attack
