# The same hostile names under --log-format=json (and VOLINIT_LOG_FORMAT):
# every line must be one valid JSON object in strict UTF-8 whatever a name
# holds: control characters, invalid UTF-8 and U+2028/9 escaped (rule 11).
attack() {
	plant_odd_names "$VOL/odd"
	local p
	p=$(plan "chown -R 4321 $VOL/odd/hl" "copy $VOL/odd/fifo $VOL/out" \
	    "write \"$VOL/t\\n{\\\"level\\\":\\\"forged\\\"}\" x" \
	    "copy $VOL/odd/dev $VOL/devout")
	expect_rc 1 --log-format=json -e "$p"
	grep -q '"summary"' "$W/err" || fail "[R=$R] no JSON summary"
	log_ok json
	VOLINIT_LOG_FORMAT=json expect_rc 1 -v -e "$p"
	log_ok json
	control
}
both attack
