# Under `root`, copy and chown resolve beneath the root: a planted link in
# a parent never sends a write or a chown outside.
mkdir -p "$T/vol" "$T/outside" "$T/src"
echo s > "$T/src/f"; echo o > "$T/outside/f"
ln -s "$T/outside" "$T/vol/abs"
vi -e "root $T/vol"
grep -q "not implemented" "$T/.err" && { echo "SKIP: root step not merged"; exit 77; }
for r in 0 1; do
	export VOLINIT_TEST_NO_OPENAT2=$r
	expect_rc 5 -e "root $T/vol
copy $T/src/f $T/vol/abs/f"
	content "$T/outside/f" "o
"
	expect_rc 5 -e "root $T/vol
chmod -R 0777 $T/vol/abs/f"
	expect_rc 5 -e "root $T/vol
copy $T/src $T/vol/abs/"
	ok -e "root $T/vol
copy $T/src $T/vol/in$r"
	content "$T/vol/in$r/f" "s
"
done
