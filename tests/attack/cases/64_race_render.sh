# render (braced, envsubst) and render-dir while the destination's parent
# is swapped with a link to the sentinel: nothing rendered outside.
steps() {
	[ -e "$SRC/tmpl" ] || {
		mkdir -p "$SRC/tdir/sub"
		printf 'evil ${X}\n' | tee "$SRC/tmpl" "$SRC/tdir/app.conf.template" \
		    "$SRC/tdir/sub/f.template" "$SRC/tdir/new.template" >/dev/null
	}
	case $(($1 % 4)) in
	0) STEP="render $SRC/tmpl $VOL/t/a/app.conf" ;;
	1) STEP="render $SRC/tmpl $VOL/t/a/sub/f syntax=envsubst" ;;
	2) STEP="render-dir $SRC/tdir $VOL/t/a" ;;
	3) STEP="render $SRC/tmpl $VOL/t/a/sub/new/deep" ;;
	esac
	STEP="env X=$1
$STEP"
}
race steps
