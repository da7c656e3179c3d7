# remove: rm -rf that never follows links; missing is unchanged.
mkdir -p "$T/d/a/b" "$T/outside"
: > "$T/d/a/b/f"; : > "$T/d/top"; : > "$T/outside/keep"
ln -s "$T/outside" "$T/d/a/lnk"
ln -s "$T/outside" "$T/toplink"
ok --dry-run -e "remove $T/d"
[ -d "$T/d/a/b" ] || fail "dry-run removed"
summary_changed 1
ok -e "remove $T/d $T/toplink"
absent "$T/d"
absent "$T/toplink"
[ -f "$T/outside/keep" ] || fail "followed a link"
summary_changed 1
ok -e "remove $T/d $T/nothing/here"
summary_changed 0
# a root itself is refused
mkdir "$T/vol"
expect_rc 5 -e "root $T/vol
remove $T/vol"
[ -d "$T/vol" ] || fail "removed a root"
