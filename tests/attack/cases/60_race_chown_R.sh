# chown -R and chown while a directory on the way (and inside the tree)
# is swapped with a link to the sentinel: the sentinel keeps its owners.
steps() {
	local u=$((4321 + $1 % 2))
	case $(($1 % 4)) in
	0) STEP="chown -R $u:$u $VOL/t" ;;
	1) STEP="chown -R $u:$u $VOL/t/a" ;;
	2) STEP="chown -R $u $VOL/t/a/sub" ;;
	3) STEP="chown $u:$u $VOL/t/a/f" ;;
	esac
}
race steps
