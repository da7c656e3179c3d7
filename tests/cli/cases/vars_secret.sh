# Secrets: trailing newlines dropped as $(< FILE) does; the value never
# shows in logs, dry-run diffs or errors; files from it default to 0600;
# an unreadable or missing file is an error, never an empty value.
printf 'hunter2\n\n' > "$T/pw"
ok -v -e "secret PW $T/pw
write $T/out \"pw=\${PW}\""
content "$T/out" "pw=hunter2"
mode_is "$T/out" 600
err_lacks hunter2
ok --dry-run -e "secret PW $T/pw
write $T/out \"pw=\${PW}!\""
err_lacks hunter2
err_has "***"
content "$T/out" "pw=hunter2"
expect_rc 1 -e "secret PW $T/missing"
err_has "$T/missing"
mkdir "$T/dir"
expect_rc 1 -e "secret PW $T/dir"
printf ' spaced \n' > "$T/sp"
ok -e "secret S $T/sp trim=space
secret N $T/sp trim=none
write $T/s \"[\${S}]\"
write $T/n \"[\${N}]\""
content "$T/s" "[spaced]"
content "$T/n" "[ spaced 
]"
expect_rc 1 -e "secret BAD $T/pw
require \${BAD}"
err_lacks hunter2
