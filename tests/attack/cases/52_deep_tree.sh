# A directory chain 22,000 levels deep planted on the volume: chown -R,
# chmod -R, copy and remove must end cleanly (done, or a clear error,
# exit 0 or 1), never die of stack exhaustion (SECURITY.md rule 16).
# Under one resolver only: the walks below the top resolve nothing by
# path, and building the chain costs seconds (each level's syscalls slow
# down with depth).
deep() {	# deep DIR N: DIR/d/d/.../d, N levels
	python3 -c '
import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY)
for i in range(int(sys.argv[2])):
    os.mkdir("d", dir_fd=fd)
    nfd = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
    os.close(fd); fd = nfd
open("f", "w", opener=lambda p, f: os.open(p, f, dir_fd=fd)).write("deep\n")' "$1" "$2"
}
attack() {
	mkdir "$VOL/t"
	deep "$VOL/t" 22000
	expect_rc "0|1" -e "$(plan "chown -R 4321 $VOL/t")"
	expect_rc "0|1" -e "$(plan "chmod -R 0700 $VOL/t")"
	expect_rc "0|1" -e "$(plan "copy $VOL/t $VOL/copy")"
	expect_rc "0|1" -e "$(plan "remove $VOL/copy $VOL/t")"
	control
}
fresh 0
attack
sentinel_same
