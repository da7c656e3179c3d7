# run/exec stdin=FILE[,FILE...]: the files, in order, are the command's
# standard input (one: the file itself; several: a pipe a feeder fills);
# read under the rules of every read (only regular files: a FIFO, device,
# socket or directory is refused before anything starts, so nothing can
# block); a secret's content is never logged.
printf 'create table t;\n' > "$T/a.sql"
printf 'insert 1;\n' > "$T/b.sql"
printf 's3cret-sql\n' > "$T/pw.sql"; chmod 600 "$T/pw.sql"
ok -e "run stdin=$T/a.sql -- sh -c 'cat > $T/one; readlink /proc/self/fd/0 > $T/fd0'"
content "$T/one" 'create table t;
'
content "$T/fd0" "$T/a.sql
"
ok -e "run stdin=$T/a.sql,$T/b.sql,$T/pw.sql -- sh -c 'cat > $T/all'"
content "$T/all" 'create table t;
insert 1;
s3cret-sql
'
err_lacks 's3cret'
# A large input passes whole (many pipe buffers), with ${} in the list.
seq 1 200000 > "$T/big"
ok -e "env D=$T" -e 'run stdin=${D}/a.sql,${D}/big -- sh -c "cat > ${D}/bigout"'
{ cat "$T/a.sql" "$T/big"; } | cmp -s - "$T/bigout" || fail "big input differs"
# The command reading nothing: no hang; its status still counts.
ok -e "run stdin=$T/big,$T/big -- true"
expect_rc 6 -e "run stdin=$T/big,$T/a.sql -- sh -c 'exit 4'"
err_has 'sh exited with status 4'
# exec: one file and several.
vi -e "exec stdin=$T/a.sql -- cat"
[ "$rc" = 0 ] || fail "exec stdin one: $rc"; out_is 'create table t;'
vi -e "exec stdin=$T/b.sql,$T/a.sql,$T/b.sql -- cat"
[ "$rc" = 0 ] || fail "exec stdin several: $rc"
out_is 'insert 1;
create table t;
insert 1;'
# Refused before anything starts: missing, FIFO, device, directory, empty.
mkfifo "$T/fifo"
for bad in "$T/missing" "$T/fifo" /dev/zero "$T"; do
	rm -f "$T/ran"
	vi -e "run stdin=$T/a.sql,$bad -- touch $T/ran"
	[ "$rc" = 1 ] || fail "stdin=$bad: exit $rc"
	absent "$T/ran"
done
vi -e "run stdin=$T/fifo -- touch $T/ran"; err_has "read $T/fifo: not a regular file (a FIFO, socket or device)"
vi -e "exec stdin=$T/missing -- touch $T/ran"; [ "$rc" = 1 ] || fail "exec stdin missing: $rc"
err_has "read $T/missing: No such file or directory"
absent "$T/ran"
expect_rc 3 -e "run stdin=$T/a.sql,,$T/b.sql -- true"
err_has 'an empty name in the list'
# A link is followed, as every read follows it (sources are free).
ln -s a.sql "$T/lnk.sql"
ok -e "run stdin=$T/lnk.sql -- sh -c 'cat > $T/vialink'"
content "$T/vialink" 'create table t;
'
# check validates the list without opening it; dry-run starts nothing.
ok check -e "run stdin=$T/not-yet.sql -- true"
ok --dry-run -e "run stdin=$T/a.sql -- touch $T/ran"
absent "$T/ran"
"$VOLINIT" help run | grep -q 'stdin=FILE\[,FILE\]' || fail "help run lacks stdin="
# Opened before user= drops: a root-only file reaches an unprivileged command.
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	chmod 711 "$T"; touch "$T/byuser"; chown nobody "$T/byuser"
	ok -e "run user=nobody stdin=$T/pw.sql,$T/a.sql -- sh -c 'id -u > $T/byuser; cat >> $T/byuser'"
	content "$T/byuser" "$(id -u nobody)
s3cret-sql
create table t;
"
fi
