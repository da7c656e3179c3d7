# replace FILE OLD NEW: every literal OLD (no regex) becomes NEW; FILE must
# exist; NEW holding OLD is a plan error from check and run (a second run
# would change the file again), as is an empty OLD; a result that holds
# OLD again (made from NEW and its neighbours) fails, writing nothing.
mkdir -p "$T/vol"
f=$T/vol/nginx.conf
printf 'listen 80;\nserver_name .*;\nlisten 80 default;\n' > "$f"
chmod 0640 "$f"
plan=(-e "replace $f 'listen 80' 'listen 443'
replace $f '.*' example.org")
ok "${plan[@]}"
summary_changed 2
content "$f" "listen 443;
server_name example.org;
listen 443 default;
"
mode_is "$f" 640	# an edit keeps the mode
no_temp_files "$T/vol"
snap() { find "$T/vol" -printf '%p %i %m %U:%G %s %Y %T@ %C@\n' | sort; }
before=$(snap)
ok "${plan[@]}"
summary_changed 0
[ "$before" = "$(snap)" ] || fail "a no-op replace changed the volume:
$(diff <(echo "$before") <(snap))"
if [ "$(id -u)" = 0 ]; then
	mount --bind "$T/vol" "$T/vol" && mount -o remount,bind,ro "$T/vol" ||
	    { echo "SKIP: no bind mount"; exit 77; }
	vi "${plan[@]}"
	umount "$T/vol"
	[ "$rc" = 0 ] || fail "no-op replace on a read-only volume: exit $rc
$(cat "$T/.err")"
fi
# multi-line OLD and NEW, NEW empty (deletes)
printf 'a\nb\nc\n' > "$T/vol/m"
ok -e "replace $T/vol/m \"a\nb\n\" \"x\n\"
replace $T/vol/m c ''"
content "$T/vol/m" "x

"
# dry-run: a diff, nothing written
before=$(snap)
ok --dry-run -e "replace $f 443 9090"
err_has "-listen 443;"
err_has "+listen 9090;"
[ "$before" = "$(snap)" ] || fail "dry-run changed the volume"
# a secret NEW: never printed, the file narrowed to 0600
printf 'hunter2\n' > "$T/pw"
printf 'password=PLACEHOLDER\n' > "$T/vol/p.conf"
ok -e "secret PW $T/pw
replace $T/vol/p.conf PLACEHOLDER \${PW}"
content "$T/vol/p.conf" "password=hunter2
"
mode_is "$T/vol/p.conf" 600
err_lacks hunter2
# FILE must exist, in dry-run too; a directory and a link are refused
expect_rc 1 -e "replace $T/vol/missing a b"
err_has "$T/vol/missing"
absent "$T/vol/missing"
expect_rc 1 --dry-run -e "replace $T/vol/nodir/missing a b"
expect_rc 1 -e "replace $T/vol a b"
printf 'a\n' > "$T/outside"
ln -s "$T/outside" "$T/vol/lnk"
expect_rc 5 -e "replace $T/vol/lnk a b"
content "$T/outside" "a
"
# OLD made again across NEW and its neighbours: an error, nothing written
printf 'aab\n' > "$T/vol/r"
expect_rc 1 -e "replace $T/vol/r ab b"
err_has "holds OLD again"
content "$T/vol/r" "aab
"
# plan errors, from check and run at the same argument
for bad in "replace $f ab xaby|-e:1:$(( ${#f} + 13 ))" \
    "replace $f '' x|-e:1:$(( ${#f} + 10 ))" \
    "env O=ab N=xaby
replace $f \${O} \${N}|-e:2:$(( ${#f} + 15 ))"; do
	line=${bad%|*} at=${bad##*|}
	case $line in *'${'*) ;; *)
		expect_rc 3 check -e "$line"
		err_has "$at: replace: " ;;
	esac
	expect_rc 3 -e "$line"
	err_has "$at: replace: "
done
content "$f" "listen 443;
server_name example.org;
listen 443 default;
"
