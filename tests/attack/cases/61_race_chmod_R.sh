# chmod -R and chmod (octal, symbolic; with and without fchmodat2) while a
# directory is swapped with a link to the sentinel: no sentinel mode moves.
steps() {
	case $(($1 % 5)) in
	0) STEP="chmod -R 0705 $VOL/t" ;;
	1) STEP="chmod -R go+w,u+s $VOL/t/a" ;;
	2) STEP="chmod -R 0777 $VOL/t/a/sub" ;;
	3) STEP="chmod 0707 $VOL/t/a/f" ;;
	4) STEP="chmod -R go-rwx $VOL/t" ;;
	esac
}
RACE_NO_FCHMODAT2=1
race steps
