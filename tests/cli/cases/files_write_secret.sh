# A file holding a secret is created 0600 and the secret never shows.
printf 'hunter2\n' > "$T/pw"
ok -e "secret PW $T/pw
write $T/out/pw.conf \"password=\${PW}\""
content "$T/out/pw.conf" "password=hunter2"
mode_is "$T/out/pw.conf" 600
err_lacks hunter2
# dry-run diff is redacted
ok --dry-run -e "secret PW $T/pw
write $T/out/pw.conf \"password=\${PW}x\""
err_lacks hunter2
content "$T/out/pw.conf" "password=hunter2"
# an existing wider file is narrowed
chmod 644 "$T/out/pw.conf"
ok -e "secret PW $T/pw
write $T/out/pw.conf \"password=\${PW}\""
mode_is "$T/out/pw.conf" 600
grep -q "write .*: changed" "$T/.err" || fail "not changed"
