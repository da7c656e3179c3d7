# chown -R: planted links and hardlinks are never followed, exclude= works
# at any depth, NAME: takes the login group, a re-run changes nothing (not
# even ctime, WORKLOADS C2).
as_root
mkdir -p "$T/out" "$T/vol/data/sub" "$T/vol/data/lost+found" "$T/vol/.snapshot"
echo s > "$T/out/secret"; echo h > "$T/out/hl"
echo f > "$T/vol/data/sub/f"
ln -s "$T/out/secret" "$T/vol/data/evil"
ln -s ../../out "$T/vol/data/sub/evildir"
ln "$T/out/hl" "$T/vol/data/hard"
touch "$T/vol/data/lost+found/x"
ok -e "chown -R daemon: $T/vol exclude=lost+found,.snapshot"
summary_changed 1
owner_is "$T/vol/data/sub/f" 1:1
owner_is "$T/vol/data" 1:1
[ "$(stat -c %u "$T/vol/data/evil")" = 1 ] || fail "link itself not chowned"
owner_is "$T/out/secret" 0:0
owner_is "$T/out" 0:0
owner_is "$T/out/hl" 0:0
owner_is "$T/vol/data/lost+found" 0:0
owner_is "$T/vol/data/lost+found/x" 0:0
owner_is "$T/vol/.snapshot" 0:0
err_has "hard links, left alone"
before=$(find "$T/vol" -exec stat -c '%n %Z.%z' {} + | sort)
sleep 0.05
ok -e "chown -R daemon: $T/vol exclude=lost+found,.snapshot"
summary_changed 0
after=$(find "$T/vol" -exec stat -c '%n %Z.%z' {} + | sort)
[ "$before" = "$after" ] || fail "a re-run changed ctimes"
# owner only, :GROUP, numeric ids without a passwd entry
ok -e "chown 4242 $T/vol/data/sub/f"
owner_is "$T/vol/data/sub/f" 4242:1
ok -e "chown :nogroup $T/vol/data/sub/f"
owner_is "$T/vol/data/sub/f" 4242:65534
ok -e "chown 5000:5001 $T/vol/data/sub"
owner_is "$T/vol/data/sub" 5000:5001
# dry-run changes nothing
ok --dry-run -e "chown -R 0:0 $T/vol"
owner_is "$T/vol/data" 1:1
summary_changed 1
# a link named as the path is refused; an unknown user is an error
expect_rc 5 -e "chown -R 0:0 $T/vol/data/evil"
owner_is "$T/out/secret" 0:0
expect_rc 1 -e "chown nosuchuser $T/vol"
err_has "unknown user 'nosuchuser'"
expect_rc 1 -e "chown -R daemon $T/missing"
