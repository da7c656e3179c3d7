# SECURITY.md rule 17: a render whose result is already there opens
# nothing for writing: it passes on a read-only volume and changes no
# inode, mtime or ctime, directories included. Where the result differs
# (longer, shorter, other bytes, other mode) the file is replaced.
mkdir -p "$T/vol/conf"
big=$(seq 1 20000)
printf 'a=${A}\n%s\n' "$big" > "$T/t"
export A=1
plan=(-e "render $T/t $T/vol/conf/app.conf mode=0640")
ok "${plan[@]}"
summary_changed 1
snap() { find "$T/vol" -printf '%p %i %m %U:%G %s %Y %T@ %C@\n' | sort; }
before=$(snap)
ok "${plan[@]}"
summary_changed 0
[ "$before" = "$(snap)" ] || fail "a no-op render changed the volume:
$(diff <(echo "$before") <(snap))"
if [ "$(id -u)" = 0 ]; then
	mount --bind "$T/vol" "$T/vol" && mount -o remount,bind,ro "$T/vol" ||
	    { echo "SKIP: no bind mount"; exit 77; }
	vi "${plan[@]}"
	umount "$T/vol"
	[ "$rc" = 0 ] || fail "no-op render on a read-only volume: exit $rc
$(cat "$T/.err")"
fi
# every kind of difference is still written
check_render() {
	ok "${plan[@]}"
	summary_changed 1
	cmp -s <(A=$A; eval "printf 'a=%s\n%s\n' \"\$A\" \"\$big\"") \
	    "$T/vol/conf/app.conf" || fail "content after $1"
	no_temp_files "$T/vol"
}
A=2 check_render "a changed first byte"
printf 'a=${A}\n%s\n' "$big" > "$T/t"; echo tail >> "$T/vol/conf/app.conf"
A=2; check_render "a longer target"
printf 'a=2\n' > "$T/vol/conf/app.conf"; check_render "a shorter target"
chmod 0600 "$T/vol/conf/app.conf"; check_render "a mode change"
mode_is "$T/vol/conf/app.conf" 640
