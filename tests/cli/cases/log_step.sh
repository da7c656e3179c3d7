# log MESSAGE... [level=info|warn]: one line, expanded, words joined by a
# space; a secret in it is ***; warn counts as a warning in the summary;
# the message line is the step's own (no result line after it).
printf 'hunter2\n' > "$T/pw"
export WHO=world
ok -e "log hello \${WHO}
log \"two  spaces\" and\ttab
secret PW $T/pw
log \"the password is \${PW}\" level=warn"
err_has "volinit: hello world"
err_has "volinit: two  spaces and"
err_has "volinit: warning: the password is ***"
err_lacks hunter2
err_has "4 steps: 0 changed, 4 unchanged, 0 skipped"
err_has ", 1 warnings"
err_lacks "[1] log"
[ "$(grep -c . "$T/.err")" = 5 ] || fail "want 5 lines:
$(cat "$T/.err")"
# one entry is one line: a newline in the message is escaped
ok -e "log \"a\nb\""
[ "$(grep -c . "$T/.err")" = 2 ] || fail "a newline split the line"
err_has 'volinit: a\nb'
# JSON: a valid object per line, the secret redacted
ok --log-format json -e "secret PW $T/pw
log \"pw \${PW}\" level=warn"
err_lacks hunter2
grep -q '"level":"warning","msg":"pw \*\*\*"' "$T/.err" || fail "json: $(cat "$T/.err")"
grep -q '"warnings":1' "$T/.err" || fail "json summary: $(cat "$T/.err")"
# dry-run logs too, quiet does not
ok --dry-run -e "log dry"
err_has "volinit: dry"
ok -q -e "log quiet"
err_lacks quiet
# an undefined name is a plan error; a bad level from check and run
expect_rc 3 -e "log \${NOPE_VI}"
expect_rc 3 check -e "log x level=debug"
err_has "-e:1:13: level= takes info or warn, not 'debug'"
expect_rc 3 -e "log x level=debug"
err_has "-e:1:13: level= takes info or warn, not 'debug'"
