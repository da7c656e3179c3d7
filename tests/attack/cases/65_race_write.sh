# write, ensure-line, mkdir and symlink while a directory on the way is
# swapped with a link to the sentinel: nothing created or changed outside.
steps() {
	case $(($1 % 5)) in
	0) STEP="write $VOL/t/a/f evil$1" ;;
	1) STEP="write $VOL/t/a/sub/new evil$1" ;;
	2) STEP="ensure-line $VOL/t/a/app.conf evil$1" ;;
	3) STEP="mkdir $VOL/t/a/sub/d mode=07$(($1 % 2 * 7))7" ;;
	4) STEP="symlink $VOL/t/a/l x$(($1 % 2))" ;;
	esac
}
race steps
