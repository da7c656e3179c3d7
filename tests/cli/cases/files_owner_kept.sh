# Without owner=, a rewritten file keeps its owner as it keeps its mode: a
# root init container editing postgres's pg_hba.conf leaves it postgres's
# (the official-image examples found every rewrite handing it to root).
as_root
f=$T/conf
printf 'a\n' > "$f"; chown 999:998 "$f"; chmod 0640 "$f"
printf 'v=${V}\n' > "$T/t"
ok -e "ensure-line $f b"
owner_is "$f" 999:998; mode_is "$f" 640; content "$f" "a
b
"
ok -e "write $f new"
owner_is "$f" 999:998; mode_is "$f" 640
V=1 ok -e "render $T/t $f"
owner_is "$f" 999:998; mode_is "$f" 640; content "$f" "v=1
"
# owner= still says otherwise
V=1 ok -e "write $f other owner=5:6"
owner_is "$f" 5:6
# not root and someone else's file: the write goes on, and says so
chmod 0755 "$T"
mkdir -m 0777 "$T/open"
printf 'x\n' > "$T/open/f"; chmod 0666 "$T/open/f"
command -v setpriv >/dev/null || { echo "SKIP: no setpriv"; exit 77; }
set +e
setpriv --reuid=65534 --regid=65534 --clear-groups "$VOLINIT" -e "write $T/open/f y" 2>"$T/.err"
rc=$?
set -e
[ "$rc" = 0 ] || fail "as nobody: exit $rc: $(cat "$T/.err")"
err_has "$T/open/f: its owner 0:0 could not be kept (not root): now 65534:65534"
owner_is "$T/open/f" 65534:65534
# the mode is set before the file is given away, a set-id mode again
# after the chown (which clears it)
ok -e "write $T/suid x mode=4755 owner=1000:1000" -e "write $T/sgid x mode=2750 owner=1000:1000"
owner_is "$T/suid" 1000:1000; mode_is "$T/suid" 4755
owner_is "$T/sgid" 1000:1000; mode_is "$T/sgid" 2750
