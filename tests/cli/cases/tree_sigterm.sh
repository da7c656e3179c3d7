# SIGTERM in the middle of a copy: exit 143 and no temp file left behind.
truncate -s 4G "$T/big"
mkdir "$T/out"
set +e
"$VOLINIT" -e "copy $T/big $T/out/big" 2>"$T/.err" &
p=$!
for i in 1 2 3 4 5 6 7 8 9 10; do
	ls -A "$T/out" | grep -q '^\.volinit\.' && break
	sleep 0.05
done
kill -TERM $p
wait $p
rc=$?
set -e
[ "$rc" = 143 ] || [ "$rc" = 0 ] || fail "exit $rc"
no_temp_files "$T/out"
[ "$rc" = 0 ] || absent "$T/out/big"
