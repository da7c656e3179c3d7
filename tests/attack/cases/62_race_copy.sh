# copy (a file, a tree merged into an existing directory, a glob into a
# directory, a tree onto the swapped pair itself) while the destination's
# parent is swapped with a link to the sentinel: nothing written outside.
# Odd rounds copy other content, so every round has something to change.
steps() {
	local f=$SRC/f t=$SRC/tree
	[ $(($1 % 2)) = 0 ] || { f=$SRC/f2; t=$SRC/tree2; }
	case $(($1 % 8 / 2)) in
	0) STEP="copy $f $VOL/t/a/f" ;;
	1) STEP="copy $t/a $VOL/t/a/sub" ;;
	2) STEP="copy $t/a/* $VOL/t/a/" ;;
	3) STEP="copy $t $VOL/t" ;;
	esac
}
setup_src() {
	mkdir -p "$SRC/tree/a/sub" "$SRC/tree/b"
	for f in tree/a/f tree/a/app.conf tree/a/sub/f tree/a/new tree/b/f; do
		printf 'evil\n' > "$SRC/$f"
	done
	cp -a "$SRC/tree" "$SRC/tree2"
	for f in tree2/a/f tree2/a/app.conf tree2/a/sub/f tree2/a/new tree2/b/f; do
		printf 'evil2\n' > "$SRC/$f"
	done
	printf 'evil\n' > "$SRC/f"
	printf 'evil2\n' > "$SRC/f2"
}
steps_src() { [ -e "$SRC/f" ] || setup_src; steps "$@"; }
race steps_src
