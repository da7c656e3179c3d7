# `..data` itself pointing out of the layout (at a sentinel directory,
# absolutely or by a relative climb; or at a sibling `..NAME` that is
# itself a link out): not a ConfigMap layout, so nothing is followed and no
# sentinel file is copied through `key -> ..data/key`.
layout() {	# layout DATA-TARGET [TS-TARGET]
	rm -rf "$VOL/cm"
	mkdir -p "$VOL/cm"
	ln -s "$1" "$VOL/cm/..data"
	[ $# = 1 ] || ln -s "$2" "$VOL/cm/..2024_01_01"
	ln -s ..data/app.conf "$VOL/cm/app.conf"
	ln -s ..data/f "$VOL/cm/f"
}
attack() {
	layout "$SENT/dir"
	expect_rc "0|5" -e "$(plan "copy $VOL/cm $VOL/out1")"
	no_secret_in "$VOL"
	layout ../../sentinel/dir
	expect_rc "0|5" -e "$(plan "copy $VOL/cm $VOL/out2")"
	no_secret_in "$VOL"
	layout ..2024_01_01 "$SENT/dir"
	expect_rc "0|5" -e "$(plan "copy $VOL/cm $VOL/out3")"
	no_secret_in "$VOL"
	expect_rc "0|1|5" -e "$(plan "copy $VOL/cm/* $VOL/out4/")"
	no_secret_in "$VOL"
	control
}
both attack
