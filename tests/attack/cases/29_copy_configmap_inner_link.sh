# A genuine layout (..data -> ..TIMESTAMP, a real directory) whose payload
# holds a link out (..TIMESTAMP/token -> the sentinel's secret), and a key
# that is not ..data/NAME but climbs through it (evil ->
# ..data/../../../sentinel/secret). Only the two layout follows are
# allowed: neither may bring sentinel content into the volume; the genuine
# key still arrives.
attack() {
	local cm=$VOL/cm ts=..2024_01_01_00_00_00.1
	mkdir -p "$cm/$ts"
	printf 'listen 80\n' > "$cm/$ts/app.conf"
	ln -s "$SENT/secret" "$cm/$ts/token"
	ln -s ../../../sentinel/shadow "$cm/$ts/rel"
	ln -s "$ts" "$cm/..data"
	ln -s ..data/app.conf "$cm/app.conf"
	ln -s ..data/token "$cm/token"
	ln -s ..data/rel "$cm/rel"
	ln -s ..data/../../../sentinel/secret "$cm/evil"
	expect_rc "0|5" -e "$(plan "copy $cm $VOL/out")"
	no_secret_in "$VOL"
	[ $rc != 0 ] || content "$VOL/out/app.conf" "listen 80
"
	expect_rc "0|1|5" -e "$(plan "copy $cm/* $VOL/glob/")"
	no_secret_in "$VOL"
	control
}
both attack
