# `volinit render --root VOL TEMPLATE OUTPUT` honours --root: an OUTPUT
# outside the root, or reached through a planted link, is refused (exit 5).
attack() {
	printf 'evil\n' > "$SRC/t"
	ln -s "$SENT/secret" "$VOL/link.conf"
	ln -s "$SENT/dir" "$VOL/d"
	expect_rc 5 render --root "$VOL" "$SRC/t" "$SENT/secret"
	expect_rc 5 render --root "$VOL" "$SRC/t" "$B/beside"
	expect_rc 5 render --root "$VOL" "$SRC/t" "$VOL/d/new"
	expect_rc 5 render --root="$VOL" "$SRC/t" "$VOL/../sentinel/new"
	expect_rc 5 render --root "$VOL" "$SRC/t" "$VOL/link.conf"
	absent "$B/beside"
	ok render --root "$VOL" "$SRC/t" "$VOL/out.conf"
	content "$VOL/out.conf" "evil
"
	control
}
both attack
