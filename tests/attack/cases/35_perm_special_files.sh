# FIFOs (one nobody holds: opening it for reading would block), sockets
# and device nodes in chown -R/chmod -R trees: never opened, no hang;
# with and without fchmodat2.
attack() {
	mkdir -p "$VOL/data"
	printf 'mine\n' > "$VOL/data/f"
	mkfifo "$VOL/data/fifo"
	mknod "$VOL/data/null" c 1 3
	python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$VOL/data/sock"
	ok -e "$(plan "chown -R 4321:4321 $VOL/data")"
	owner_is "$VOL/data/f" 4321:4321
	expect_rc "0|1" -e "$(plan "chmod -R 0600 $VOL/data")"
	VOLINIT_TEST_NO_FCHMODAT2=1 expect_rc "0|1" -e \
	    "$(plan "chmod -R 0640 $VOL/data")"
	mode_is "$VOL/data/f" 640
	expect_rc "0|1" -e "$(plan "chmod 0600 $VOL/data/fifo")"
	control
}
both attack
