# ensure-line FILE LINE state=absent: every line equal to LINE goes (a
# partial match stays); a missing FILE has none (nothing created); a second
# run writes nothing; dry-run shows the diff; a link is refused.
mkdir -p "$T/vol"
f=$T/vol/pg_hba.conf
printf 'local all all trust\nhost all all all trust\nhost all all all trust x\nhost all all all trust' > "$f"
chmod 0600 "$f"
plan=(-e "ensure-line $f 'host all all all trust' state=absent")
ok --dry-run "${plan[@]}"
err_has "-host all all all trust"
summary_changed 1
ok "${plan[@]}"
summary_changed 1
content "$f" "local all all trust
host all all all trust x
"
mode_is "$f" 600
snap() { find "$T/vol" -printf '%p %i %m %U:%G %s %Y %T@ %C@\n' | sort; }
before=$(snap)
ok "${plan[@]}"
summary_changed 0
[ "$before" = "$(snap)" ] || fail "a no-op ensure-line changed the volume"
# a missing file: unchanged, not created (its parent neither)
ok -e "ensure-line $T/vol/none/x.conf a state=absent"
summary_changed 0
absent "$T/vol/none"
# present is the default and the same as before
ok -e "ensure-line $f 'host all all all md5' state=present"
content "$f" "local all all trust
host all all all trust x
host all all all md5
"
printf 'a\n' > "$T/outside"
ln -s "$T/outside" "$T/vol/lnk"
expect_rc 5 -e "ensure-line $T/vol/lnk a state=absent"
content "$T/outside" "a
"
expect_rc 3 check -e "ensure-line $f a state=gone"
err_has "-e:1:$(( ${#f} + 22 )): state= takes present or absent, not 'gone'"
expect_rc 3 -e "ensure-line $f a state=gone"
err_has "-e:1:$(( ${#f} + 22 )): state= takes present or absent, not 'gone'"
