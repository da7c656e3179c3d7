# A hostile source with a planted ..data: only NAME -> ..data/NAME is
# followed; shadow -> /etc/shadow and sentdir -> outside are copied as
# links (links=follow too: they leave the source), by name or by glob.
mkdir -p "$T/src/..2024" "$T/outside/deep" "$T/vol"
echo key > "$T/src/..2024/app.conf"
ln -s ..2024 "$T/src/..data"
ln -s ..data/app.conf "$T/src/app.conf"
echo secret > "$T/outside/secret"; chmod 600 "$T/outside/secret"
echo x > "$T/outside/deep/x"
ln -s "$T/outside/secret" "$T/src/shadow"
ln -s "$T/outside" "$T/src/sentdir"
ln -s ../outside/secret "$T/src/rel"
for how in "" "links=follow"; do
	rm -rf "$T/vol/c" "$T/vol/g"
	ok -e "copy $T/src $T/vol/c $how" -e "copy $T/src/* $T/vol/g/ $how"
	for d in c g; do
		content "$T/vol/$d/app.conf" "key
"
		for l in shadow sentdir rel; do
			is_link "$T/vol/$d/$l"
		done
	done
	absent "$T/vol/c/..data"
done
err_has "leads outside the source"
! grep -rq secret "$T/vol" || fail "the secret was copied"
# links=follow still follows a link that stays inside
ln -s app.conf "$T/src/alias"
ok -e "copy $T/src $T/vol/f links=follow"
[ -f "$T/vol/f/alias" ] && [ ! -L "$T/vol/f/alias" ] || fail "alias not followed"
# the named SRC is followed (cp -H), even when it leads outside
ok -e "copy $T/src/shadow $T/vol/named"
content "$T/vol/named" "secret
"
