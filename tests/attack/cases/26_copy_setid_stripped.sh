# Set-uid and set-gid bits on files in a copy source (a planted set-uid
# binary owned by uid 1234) are stripped unless the plan's mode= sets them.
attack() {
	mkdir -p "$VOL/in/bin"
	for f in su sg both; do printf '#!/bin/false\n' > "$VOL/in/bin/$f"; done
	chown 1234:1234 "$VOL/in/bin/su" "$VOL/in/bin/both"
	chmod 4755 "$VOL/in/bin/su"
	chmod 2755 "$VOL/in/bin/sg"
	chmod 6777 "$VOL/in/bin/both"
	ok -e "$(plan "copy $VOL/in $VOL/out" "copy $VOL/in/bin/su $VOL/one")"
	mode_is "$VOL/out/bin/su" 755
	mode_is "$VOL/out/bin/sg" 755
	mode_is "$VOL/out/bin/both" 777
	mode_is "$VOL/one" 755
	ok -e "$(plan "copy $VOL/in/bin/* $VOL/glob/")"
	mode_is "$VOL/glob/su" 755
	mode_is "$VOL/glob/both" 777
	# the plan may ask for them
	ok -e "$(plan "copy $VOL/in/bin/sg $VOL/asked mode=2750")"
	mode_is "$VOL/asked" 2750
	control
}
both attack
