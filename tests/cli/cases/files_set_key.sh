# set-key FILE KEY VALUE [sep=" = "] [comment=#]: config edits as the
# images make them. The first line setting KEY, active or commented out,
# becomes KEY<sep>VALUE; later active ones go; none: appended; FILE made
# when missing. Atomic, idempotent (a second run writes nothing and works
# on a read-only volume), never through a link, secrets 0600 and unshown.
mkdir -p "$T/vol/conf"
pg=$T/vol/conf/postgresql.conf
printf '%s\n' "# - Connection Settings -" \
    "#listen_addresses = 'localhost'	# what IP address(es) to listen on;" \
    "max_connections = 100			# (change requires restart)" \
    "shared_buffers = 128MB" "max_connections=5" "#max_connections = 7" \
    "max_connections 9" > "$pg"
plan=(-e "set-key $pg listen_addresses \"'*'\"
set-key $pg max_connections 200
set-key $pg wal_level logical")
ok "${plan[@]}"
summary_changed 3
content "$pg" "# - Connection Settings -
listen_addresses = '*'
max_connections = 200
shared_buffers = 128MB
#max_connections = 7
wal_level = logical
"
mode_is "$pg" 644
no_temp_files "$T/vol"
# a second run: unchanged, nothing written (inode, times, directory)
snap() { find "$T/vol" -printf '%p %i %m %U:%G %s %Y %T@ %C@\n' | sort; }
before=$(snap)
ok "${plan[@]}"
summary_changed 0
err_has "set-key $pg: unchanged"
[ "$before" = "$(snap)" ] || fail "a no-op set-key changed the volume:
$(diff <(echo "$before") <(snap))"
if [ "$(id -u)" = 0 ]; then
	mount --bind "$T/vol" "$T/vol" && mount -o remount,bind,ro "$T/vol" ||
	    { echo "SKIP: no bind mount"; exit 77; }
	vi "${plan[@]}"
	umount "$T/vol"
	[ "$rc" = 0 ] || fail "no-op set-key on a read-only volume: exit $rc
$(cat "$T/.err")"
fi
# redis.conf: sep=" "; a commented example is taken, maxmemory-policy is
# another key
rd=$T/vol/redis.conf
printf '# maxmemory <bytes>\nmaxmemory-policy noeviction\nport 6379\n' > "$rd"
ok -e "set-key $rd maxmemory 2mb sep=' '
set-key $rd port 6380 sep=\" \""
content "$rd" "maxmemory 2mb
maxmemory-policy noeviction
port 6380
"
# .properties: sep==, ; comments; a missing file (and parent) is created
pr=$T/vol/new/app.properties
ok -e "set-key $pr server.port 8080 sep== mode=0640
set-key $pr a.b x sep== comment=';'"
content "$pr" "server.port=8080
a.b=x
"
mode_is "$pr" 640
mode_is "$T/vol/new" 755
printf '; server.port=1\nserver.portx=2\n' > "$pr"
ok -e "set-key $pr server.port 9 sep== comment=';'"
content "$pr" "server.port=9
server.portx=2
"
# comment= empty: commented lines are left, the key appended
printf '#k = 1\n' > "$T/vol/c.conf"
ok -e "set-key $T/vol/c.conf k 2 comment=''"
content "$T/vol/c.conf" "#k = 1
k = 2
"
# owner= as chown does
if [ "$(id -u)" = 0 ]; then
	ok -e "set-key $T/vol/o.conf k v owner=1234:5678"
	owner_is "$T/vol/o.conf" 1234:5678
fi
# a secret value: the file becomes 0600, the value is never printed,
# not even in a dry-run diff
printf 'hunter2\n' > "$T/pw"
ok -e "secret PW $T/pw
set-key $pg password \"'\${PW}'\""
mode_is "$pg" 600
grep -qx "password = 'hunter2'" "$pg" || fail "no password line"
err_lacks hunter2
ok -v --dry-run -e "secret PW $T/pw
set-key $pg password \"'\${PW}x'\""
err_lacks hunter2
err_has "content holds a secret"
grep -qx "password = 'hunter2'" "$pg" || fail "dry-run changed the file"
# dry-run: a unified diff, nothing written
before=$(snap)
ok --dry-run -e "set-key $pg max_connections 300"
err_has "-max_connections = 200"
err_has "+max_connections = 300"
summary_changed 1
[ "$before" = "$(snap)" ] || fail "dry-run changed the volume"
ok --dry-run -e "set-key $T/vol/none/x.conf k v"
err_has "+k = v"
absent "$T/vol/none"
# a directory is an error, a link is refused (the target untouched)
expect_rc 1 -e "set-key $T/vol/conf k v"
printf 'k = 1\n' > "$T/outside"
ln -s "$T/outside" "$T/vol/link.conf"
expect_rc 5 -e "set-key $T/vol/link.conf k 2"
content "$T/outside" "k = 1
"
is_link "$T/vol/link.conf"
# bad input: one line, file:line:col, exit 3, from check and run alike
for bad in "set-key $pg '' v" "set-key $pg ' k' v" "set-key $pg k \"a\nb\"" \
    "set-key $pg k v sep=''"; do
	expect_rc 3 check -e "$bad"
	[ "$(wc -l < "$T/.err")" -le 2 ] || fail "more than one error line"
	grep -q '^volinit: -e:1:[0-9]*: ' "$T/.err" || fail "no file:line:col"
	where=$(grep '^volinit: -e:' "$T/.err")
	expect_rc 3 -e "$bad"
	[ "$(grep '^volinit: -e:' "$T/.err")" = "$where" ] ||
	    fail "check and run differ: $where"
done
expect_rc 3 -e "set-key $pg k"
err_has "-e:1:1: 'set-key': missing argument"
