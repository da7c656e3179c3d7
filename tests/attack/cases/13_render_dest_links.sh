# render to a destination that is a link (absolute, relative, dangling) or
# lies behind one: exit 5; the template is rendered nowhere outside.
attack() {
	printf 'evil ${X}\n' > "$SRC/t"
	ln -s "$SENT/dir/app.conf" "$VOL/app.conf"
	ln -s ../sentinel/secret "$VOL/rel.conf"
	ln -s "$SENT/new.conf" "$VOL/dangling.conf"
	ln -s "$SENT/dir" "$VOL/conf.d"
	for d in app.conf rel.conf dangling.conf conf.d/app.conf conf.d/new; do
		expect_rc 5 -e "$(plan "env X=1" "render $SRC/t $VOL/$d")"
		expect_rc 5 -e "$(plan "env X=1" \
		    "render $SRC/t $VOL/$d syntax=envsubst")"
	done
	ok -e "$(plan "env X=1" "render $SRC/t $VOL/ok.conf")"
	content "$VOL/ok.conf" "evil 1
"
	control
}
both attack
