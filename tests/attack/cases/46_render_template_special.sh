# Templates that are FIFOs (nobody holds them: an open for reading would
# block forever) or device nodes, named by render or met by render-dir:
# no hang; render fails (exit 1), render-dir skips or fails.
attack() {
	mkdir -p "$VOL/t"
	mkfifo "$VOL/t/fifo.template"
	mknod "$VOL/t/null.template" c 1 3
	printf 'ok\n' > "$VOL/t/ok.template"
	expect_rc "1|5" -e "$(plan "render $VOL/t/fifo.template $VOL/a")"
	expect_rc "1|5" -e "$(plan "render $VOL/t/null.template $VOL/b")"
	expect_rc "1|5" -e "$(plan "render $VOL/t/fifo.template $VOL/c syntax=go")"
	absent "$VOL/a"; absent "$VOL/b"; absent "$VOL/c"
	expect_rc "1|5" render --root "$VOL" "$VOL/t/fifo.template" "$VOL/d"
	expect_rc "0|1|5" -e "$(plan "render-dir $VOL/t $VOL/o")"
	[ ! -e "$VOL/o/fifo" ] && [ ! -e "$VOL/o/null" ] ||
	    fail "[R=$R] render-dir rendered a FIFO or a device"
	control
}
both attack
