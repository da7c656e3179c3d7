# A unix socket in a copy source: skipped (never connected to, never
# recreated), the rest copied.
attack() {
	mkdir -p "$VOL/in"
	printf 'mine\n' > "$VOL/in/f"
	python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$VOL/in/sock"
	[ -S "$VOL/in/sock" ] || fail "no socket made"
	expect_rc "0|1" -e "$(plan "copy $VOL/in $VOL/out")"
	[ ! -S "$VOL/out/sock" ] || fail "the socket was recreated"
	[ $rc != 0 ] || content "$VOL/out/f" "mine
"
	control
}
both attack
