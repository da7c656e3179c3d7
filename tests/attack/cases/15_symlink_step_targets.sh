# symlink steps under `root` whose target would resolve outside: absolute
# outside every root, relative climbing above the root (counted from where
# the link's directory really is, even behind an inside link). Refused
# (exit 5), no link left behind. Targets that stay inside are fine.
attack() {
	mkdir -p "$VOL/a/b" "$VOL/real"
	ln -s real "$VOL/alias"
	expect_rc 5 -e "$(plan "symlink $VOL/l1 $SENT/secret")"
	expect_rc 5 -e "$(plan "symlink $VOL/l2 ../sentinel/secret")"
	expect_rc 5 -e "$(plan "symlink $VOL/a/b/l3 ../../../sentinel")"
	expect_rc 5 -e "$(plan "symlink $VOL/a/b/l4 ../x/../../../sentinel")"
	expect_rc 5 -e "$(plan "symlink $VOL/alias/l5 ../../sentinel/dir")"
	expect_rc 5 -e "$(plan "symlink $VOL/l6 /")"
	for l in l1 l2 a/b/l3 a/b/l4 real/l5 l6; do absent "$VOL/$l"; done
	ok -e "$(plan "symlink $VOL/a/b/in ../../real" \
	    "symlink $VOL/abs $VOL/real" "symlink $VOL/alias/up ../a")"
	link_is "$VOL/a/b/in" ../../real
	link_is "$VOL/abs" "$VOL/real"
	link_is "$VOL/real/up" ../a
	control
}
both attack
