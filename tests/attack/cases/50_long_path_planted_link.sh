# A planted link deep in a path near PATH_MAX: an absolute link to the
# sentinel and a relative one climbing all the way out. Exit 5 with both
# resolvers, nothing written outside, whatever the length.
attack() {
	local pre ups="" i t
	pre=$(python3 -c '
import os, sys
p = sys.argv[1]
fd = os.open(p, os.O_RDONLY | os.O_DIRECTORY)
for i in range(19):
    os.mkdir("d" * 200, dir_fd=fd)
    nfd = os.open("d" * 200, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
    os.close(fd); fd = nfd; p += "/" + "d" * 200
print(p)' "$VOL")
	for i in $(seq 20); do ups="$ups../"; done
	ln -s "$SENT/dir" "$pre/abs"
	ln -s "${ups}sentinel/dir" "$pre/rel"
	for l in abs rel; do
		expect_rc 5 -e "$(plan "write $pre/$l/app.conf evil")"
		expect_rc 5 -e "$(plan "write $pre/$l/new evil")"
		expect_rc 5 -e "$(plan "mkdir $pre/$l/sub mode=0777")"
		expect_rc 5 -e "$(plan "chmod -R 0777 $pre/$l")"
		expect_rc 5 -e "$(plan "remove $pre/$l/f")"
		t=$(printf '%*s' 300 '' | tr ' ' x)
		expect_rc "1|5" -e "$(plan "write $pre/$l/$t/deeper evil")"
	done
	ok -e "$(plan "write $pre/ok fine")"
	content "$pre/ok" "fine"
	control
}
both attack
