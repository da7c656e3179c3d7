# render-dir over a template directory on the volume where a template is a
# link to a sentinel file (absolute, relative, behind a planted `..data`
# layout): render-dir obeys rule 13 as copy does, so the sentinel's content
# is never rendered into the destination (skipped or refused). A genuine
# ConfigMap layout of templates (NAME.template -> ..data/NAME.template)
# still renders, and so do plain templates.
attack() {
	mkdir -p "$VOL/tmpl/sub"
	printf 'hello ${X}\n' > "$VOL/tmpl/ok.conf.template"
	ln -s "$SENT/secret" "$VOL/tmpl/secret.template"
	ln -s ../../sentinel/shadow "$VOL/tmpl/shadow.template"
	ln -s "$SENT/dir/app.conf" "$VOL/tmpl/sub/app.conf.template"
	ln -s "$SENT/dir" "$VOL/tmpl/dir"
	expect_rc "0|5" -e "$(plan "env X=1" "render-dir $VOL/tmpl $VOL/out")"
	no_secret_in "$VOL"
	expect_rc "0|5" -e "$(plan "env X=1" \
	    "render-dir $VOL/tmpl $VOL/out2 syntax=envsubst")"
	no_secret_in "$VOL"
	# a planted ..data does not license the other links either
	local cm=$VOL/cm
	mkdir -p "$cm/..2024_01_01"
	printf 'port ${X}\n' > "$cm/..2024_01_01/app.conf.template"
	ln -s ..2024_01_01 "$cm/..data"
	ln -s ..data/app.conf.template "$cm/app.conf.template"
	ln -s "$SENT/secret" "$cm/secret.template"
	expect_rc "0|5" -e "$(plan "env X=1" "render-dir $cm $VOL/cmout")"
	no_secret_in "$VOL"
	rm "$cm/secret.template"
	ok -e "$(plan "env X=2" "render-dir $cm $VOL/cmgood")"
	content "$VOL/cmgood/app.conf" "port 2
"
	rm "$VOL/tmpl/secret.template" "$VOL/tmpl/shadow.template" \
	    "$VOL/tmpl/sub/app.conf.template" "$VOL/tmpl/dir"
	ok -e "$(plan "env X=3" "render-dir $VOL/tmpl $VOL/good")"
	content "$VOL/good/ok.conf" "hello 3
"
	control
}
both attack
