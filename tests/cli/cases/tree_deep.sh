# A 10,000-level tree: copy, chmod -R, chown -R and remove stop with a
# clear error (exit 1, naming the depth and the path), never a crash (the
# recursive copy overflowed the stack: exit 139) nor EMFILE, with the
# default fd limit and with a high one; a tree within the limit works.
# chain DIR LEVELS: DIR/d/d/... LEVELS deep (500 levels a mkdir -p, each
# chunk moved under the next: no path ever longer than PATH_MAX)
chain() {
	local p i
	p=$(printf 'd/%.0s' $(seq 500))
	mkdir -p "$1/$p"
	for ((i = 500; i < $2; i += 500)); do
		mkdir -p "$T/.c/$p"
		mv "$1" "$T/.c/$p/d"
		mv "$T/.c" "$1"
	done
}
chain "$T/deep" 10000
hi=$(ulimit -Hn)
[ "$hi" = unlimited ] && hi=1048576
[ "$hi" -gt 1048576 ] && hi=1048576
for lim in 1024 "$hi"; do
	for s in "copy $T/deep $T/copy" "chmod -R u+rwx $T/deep" \
	    "chown -R $(id -u):$(id -g) $T/deep" "remove $T/deep"; do
		(ulimit -n "$lim"; expect_rc 1 -e "$s")
		err_has "deeper than"
		err_has "levels"
		err_lacks "descriptors"
		[ -d "$T/deep/d/d/d" ] || fail "$s removed too much"
	done
done
# within the limit (and the fd budget): copied, chmod'ed, removed whole
[ "$hi" -ge 9000 ] || { echo "SKIP: fd hard limit $hi below 9000"; exit 77; }
chain "$T/ok" 1500
echo leaf > "$T/ok/$(printf 'd/%.0s' $(seq 1499))f"
(ulimit -n "$hi"; ok -e "copy $T/ok $T/okcopy" -e "chmod -R go-rwx $T/okcopy" \
    -e "remove $T/ok")
content "$T/okcopy/$(printf 'd/%.0s' $(seq 1499))f" "leaf
"
mode_is "$T/okcopy/$(printf 'd/%.0s' $(seq 1499))f" 600
absent "$T/ok"
