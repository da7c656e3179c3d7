# Planted links never send a write outside a root, with both resolvers.
mkdir -p "$T/vol" "$T/outside"
echo orig > "$T/outside/victim"
ln -s "$T/outside/victim" "$T/vol/app.conf"
ln -s "$T/outside/created" "$T/vol/dangling"
ln -s "$T/outside" "$T/vol/abs"
ln -s ../outside "$T/vol/rel"
mkdir "$T/vol/real"
ln -s real "$T/vol/inside"
for r in 0 1; do
	export VOLINIT_TEST_NO_OPENAT2=$r
	# the last component is a link: refused, victim untouched
	expect_rc 5 -e "root $T/vol
write $T/vol/app.conf evil"
	content "$T/outside/victim" "orig
"
	# a dangling link: O_CREAT through it would create outside
	expect_rc 5 -e "root $T/vol
write $T/vol/dangling evil"
	absent "$T/outside/created"
	# a link in a parent that leaves the root
	expect_rc 5 -e "root $T/vol
write $T/vol/abs/f evil"
	expect_rc 5 -e "root $T/vol
write $T/vol/rel/new/f evil"
	expect_rc 5 -e "root $T/vol
mkdir $T/vol/rel/d"
	absent "$T/outside/f"
	absent "$T/outside/new"
	absent "$T/outside/d"
	# .. out of the root, and paths outside every root
	expect_rc 5 -e "root $T/vol
write $T/vol/../outside/x evil"
	expect_rc 5 -e "root $T/vol
write $T/elsewhere x"
	absent "$T/elsewhere"
	# a link that stays inside is followed
	ok -e "root $T/vol
write $T/vol/inside/f ok$r"
	content "$T/vol/real/f" "ok$r"
done
no_temp_files "$T"
# without roots the last component is still never followed
unset VOLINIT_TEST_NO_OPENAT2
expect_rc 5 -e "write $T/vol/app.conf evil"
content "$T/outside/victim" "orig
"
