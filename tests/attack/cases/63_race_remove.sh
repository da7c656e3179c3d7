# remove (a file, a directory, the swapped entry, the tree holding the
# pair) while a directory is swapped with a link to the sentinel: nothing
# outside is removed.
steps() {
	case $(($1 % 4)) in
	0) STEP="remove $VOL/t/a/f" ;;
	1) STEP="remove $VOL/t/a/sub" ;;
	2) STEP="remove $VOL/t/a" ;;
	3) STEP="remove $VOL/t" ;;
	esac
}
RACE_RESET=1
race steps
