# write, ensure-line, render and copy to a FIFO (held open by us, so an
# open for writing would not block and whatever volinit wrote would be
# seen), to a FIFO nobody holds (an open would block) and to a device node:
# no hang; either refused (exit 1 or 5) with the node left as it was, or
# the node replaced by a regular file (exit 0); never written into.
one() {	# one VERB-STEP-WITH-@ NODE-KIND
	local d=$VOL/node
	rm -f "$d"
	case $2 in
	held) mkfifo "$d"; exec 7<>"$d" ;;
	lonely) mkfifo "$d" ;;
	device) mknod "$d" c 1 3 ;;
	esac
	expect_rc "0|1|5" -e "$(plan "${1//@/$d}")"
	if [ $2 = held ]; then
		! read -r -t 0.1 -u 7 got ||
		    fail "[R=$R] '$1' wrote '$got' into the FIFO"
		exec 7<&-
	fi
	if [ $rc = 0 ]; then
		[ -f "$d" ] && [ ! -L "$d" ] ||
		    fail "[R=$R] '$1' on a $2 succeeded but left no file"
	elif [ $2 = device ]; then
		[ "$(stat -c %F:%t:%T "$d")" = "character special file:1:3" ] ||
		    fail "[R=$R] '$1' failed but replaced the device node"
	else
		[ -p "$d" ] || fail "[R=$R] '$1' failed but replaced the FIFO"
	fi
}
attack() {
	local k
	printf 'x\n' > "$SRC/t"
	for k in held lonely device; do
		one "write @ evil" $k
		one "ensure-line @ evil" $k
		one "render $SRC/t @" $k
		one "copy $SRC/t @" $k
	done
	control
}
both attack
