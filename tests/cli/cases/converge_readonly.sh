# A re-run touches nothing (SECURITY.md rule 17): after one run of a plan
# using every file verb, a second run reports 0 changed and leaves every
# inode, mode, owner, size, mtime and ctime as it was, directories
# included; and on the same volume mounted read-only it still succeeds.
# copy followed by chmod -R converges (an equal file keeps its mode).
mkdir -p "$T/src/sub" "$T/tpl/conf.d" "$T/vol"
echo a > "$T/src/a"; echo b > "$T/src/sub/b"
echo 'n=${N}' > "$T/tpl/conf.d/x.conf.template"
echo 'h=${N}' > "$T/t"
export N=1
cat > "$T/plan" <<PLAN
root $T/vol
mkdir $T/vol/data mode=0750
write $T/vol/data/w "w\n" mode=0640
render $T/t $T/vol/data/r.conf
render-dir $T/tpl $T/vol/rd
copy $T/src $T/vol/cp
chmod -R u=rwX,g=rX,o= $T/vol/cp
symlink $T/vol/current data
ensure-line $T/vol/data/lines "one"
PLAN
[ "$(id -u)" = 0 ] && echo "chown -R 1234:1234 $T/vol/cp" >> "$T/plan"
ok -f "$T/plan"
snap() { find "$T/vol" -printf '%p %i %m %U:%G %s %y %T@ %C@\n' | sort; }
before=$(snap)
ok -f "$T/plan"
summary_changed 0
[ "$before" = "$(snap)" ] || fail "a re-run changed the volume:
$(diff <(echo "$before") <(snap))"
as_root
mount --bind "$T/vol" "$T/vol" && mount -o remount,bind,ro "$T/vol" ||
    { echo "SKIP: no bind mount"; exit 77; }
vi -f "$T/plan"
umount "$T/vol"
[ "$rc" = 0 ] || fail "re-run on a read-only volume: exit $rc
$(cat "$T/.err")"
summary_changed 0
