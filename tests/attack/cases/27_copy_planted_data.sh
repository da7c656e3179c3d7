# A planted `..data` turns a directory on the volume into a fake ConfigMap
# layout: besides a genuine-looking key (app.conf -> ..data/app.conf) it
# holds shadow -> the sentinel's shadow (absolute), secret -> a relative
# climb to the sentinel, and dir -> a sentinel directory. The layout earns
# exactly two follows (..data -> ..NAME, NAME -> ..data/NAME); the planted
# links must be kept or refused, never followed (SECURITY.md rule 13): no
# sentinel content may be copied, whole-directory or through a glob.
attack() {
	local cm=$VOL/cm
	mkdir -p "$cm/..2024_01_01_00_00_00.1"
	printf 'listen 80\n' > "$cm/..2024_01_01_00_00_00.1/app.conf"
	ln -s ..2024_01_01_00_00_00.1 "$cm/..data"
	ln -s ..data/app.conf "$cm/app.conf"
	ln -s "$SENT/shadow" "$cm/shadow"
	ln -s ../../sentinel/secret "$cm/secret"
	ln -s "$SENT/dir" "$cm/dir"
	expect_rc "0|5" -e "$(plan "copy $cm $VOL/out")"
	no_secret_in "$VOL"
	[ $rc != 0 ] || content "$VOL/out/app.conf" "listen 80
"
	expect_rc "0|1|5" -e "$(plan "copy $cm/* $VOL/glob/")"
	no_secret_in "$VOL"
	# (copy $cm/shadow DEST names the link as SRC: that one is followed,
	# as cp -H does and SECURITY.md rule 13 allows; not asserted here)
	# the genuine layout alone is copied as its visible files
	rm "$cm/shadow" "$cm/secret" "$cm/dir"
	ok -e "$(plan "copy $cm $VOL/good")"
	content "$VOL/good/app.conf" "listen 80
"
	control
}
both attack
