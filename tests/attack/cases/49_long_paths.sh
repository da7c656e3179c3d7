# Paths around PATH_MAX (4096): a deep chain of 200-byte directory names
# under the volume; targets whose parent's length below the root (what
# openat2 resolves) is just under, at, or over 4096 (and one whose
# absolute length is), with the parents existing or to be created. Whatever the verdict for a length
# (success, or a clean error), the openat2 resolver and the O_NOFOLLOW
# walker must give the same one: exit codes and outcomes identical.
# mkchain DIR LEN [make]: print a path DIR/ddd.../PAD of exactly LEN bytes
# (made, with its parents, when asked).
mkchain() {
	python3 -c '
import os, sys
base, want = sys.argv[1], int(sys.argv[2])
p, fd = base, os.open(base, os.O_RDONLY | os.O_DIRECTORY)
while len(p) + 201 + 20 < want:
    if len(sys.argv) > 3:
        os.mkdir("d" * 200, dir_fd=fd)
        nfd = os.open("d" * 200, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd); fd = nfd
    p += "/" + "d" * 200
pad = "p" * (want - len(p) - 1)
if len(sys.argv) > 3:
    os.mkdir(pad, dir_fd=fd)
print(p + "/" + pad)' "$@"
}
# what PATH...: "file", "dir", "link" or "none" for each, looked up one
# component at a time (the shell's tools stop at PATH_MAX).
what() {
	python3 -c '
import os, stat, sys
for a in sys.argv[1:]:
    parts = a.strip("/").split("/")
    fd = os.open("/", os.O_RDONLY | os.O_DIRECTORY)
    try:
        for c in parts[:-1]:
            nfd = os.open(c, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW,
                dir_fd=fd)
            os.close(fd); fd = nfd
        m = os.stat(parts[-1], dir_fd=fd, follow_symlinks=False).st_mode
        print("link" if stat.S_ISLNK(m) else "dir" if stat.S_ISDIR(m)
            else "file")
    except OSError:
        print("none")
    os.close(fd)' "$@" | tr '\n' ' '
}
attack() {
	local len d m v=$T/verdict.$R rel=$((${#VOL} + 1))
	: > "$v"
	printf 'copied\n' > "$SRC/f"
	# the parent directory's length below the root: what openat2 gets
	for len in 3000 $((4096 - rel - 2)) 4094 4095 4096 4097 6000; do
		mkdir "$VOL/e$len" "$VOL/m$len"
		d=$(mkchain "$VOL/e$len" $((rel + len)) make)
		m=$(mkchain "$VOL/m$len" $((rel + len)))
		printf '%s' "$len:"  >> "$v"
		for s in "write $d/f x" "copy $SRC/f $d/c" "chmod 0600 $d/f" \
		    "remove $d/c" "write $m/f x" "mkdir $m/dir" \
		    "symlink $m/l x"; do
			vi -e "$(plan "$s")"
			printf ' %s' "$rc" >> "$v"
		done
		echo " $(what "$d/f" "$d/c" "$m/f" "$m/dir" "$m/l")" >> "$v"
	done
	# the walk itself has no length limit
	ok -e "$(plan "chown -R 4321 $VOL/e6000" "chmod -R 0700 $VOL/e6000")"
	control
	[ "$R" = 0 ] || { diff "$T/verdict.0" "$T/verdict.1" >"$W/diff" ||
	    fail "the resolvers disagree (length: write copy chmod remove write-mkparents mkdir symlink exit codes, outcomes): $(grep '^[<>]' "$W/diff" | head -2 | tr '\n' ' ')
$(cat "$W/diff")"; }
}
both attack
