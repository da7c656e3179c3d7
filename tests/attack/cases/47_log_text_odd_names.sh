# Names on the volume that would forge log lines: chown -R warns about
# each hardlink, copy about each FIFO and fails on a device, all naming
# them; a plan target holds a newline too. In the text log every line
# must stay one entry (control characters escaped, SECURITY.md rule 11).
attack() {
	plant_odd_names "$VOL/odd"
	expect_rc 1 -e "$(plan "chown -R 4321 $VOL/odd/hl" \
	    "copy $VOL/odd/fifo $VOL/out" \
	    "write \"$VOL/t\\nvolinit: [9] write /etc/shadow: changed\" x" \
	    "copy $VOL/odd/dev $VOL/devout")"
	err_has_any "hard link"
	err_has_any "FIFO"
	log_ok text
	# the same with -v, and as a failed remove naming the odd entry
	expect_rc 1 -v -e "$(plan "chown -R 4322 $VOL/odd/hl" \
	    "copy $VOL/odd/dev $VOL/devout")"
	log_ok text
	control
}
both attack
