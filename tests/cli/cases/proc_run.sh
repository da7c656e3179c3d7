# run and exec: 6 for a failed child, 126/127, exec keeps the program's own
# code; children get the original environment plus what the plan exports,
# never unexported or consumed secrets.
expect_rc 6 -e 'run -- sh -c "exit 3"'
err_has 'sh exited with status 3'
expect_rc 6 -e 'run -- sh -c "kill -TERM \$\$"'
err_has 'killed by signal 15 (SIGTERM)'
expect_rc 127 -e 'run -- volinit-no-such-command'
err_has 'volinit-no-such-command: command not found'
printf '#!/bin/sh\n' > "$T/noexec"
expect_rc 126 -e "run -- $T/noexec"
expect_rc 126 -e 'run cwd=/nonexistent -- true'
expect_rc 3 -e 'run -- '
ok -e "run cwd=$T -- sh -c 'test -f noexec'"
summary_changed 1

expect_rc 7 -e 'exec -- sh -c "exit 7"'
expect_rc 127 -e 'exec -- volinit-no-such-command'
expect_rc 5 -e 'env A=1' -- sh -c 'exit 5'
vi -e 'exec -- sh -c "echo hello"'
out_is hello
# Dry-run reports and starts nothing.
ok --dry-run -e "run -- sh -c 'touch $T/ran'" -e "exec -- sh -c 'touch $T/ran'"
absent "$T/ran"

# Environment: original env passes, plan variables only when exported.
printf 's3cret\n' > "$T/pw"
export ORIG=o
ok -e 'env PLAIN=p' -e "secret PW $T/pw" -e 'env SHOWN=yes' \
    -e 'export SHOWN' -e 'run -- sh -c "test \"\$ORIG\" = o && test -z \"\$PLAIN\" && test -z \"\$PW\" && test \"\$SHOWN\" = yes"'
DB_PASSWORD_FILE="$T/pw" ok -e 'file-env DB_PASSWORD' \
    -e 'run -- sh -c "test -z \"\$DB_PASSWORD_FILE\" && test -z \"\$DB_PASSWORD\""'
DB_PASSWORD_FILE="$T/pw" ok -e 'file-env DB_PASSWORD' -e 'export DB_PASSWORD' \
    -e 'exec -- sh -c "test -z \"\$DB_PASSWORD_FILE\" && test \"\$DB_PASSWORD\" = s3cret"'
# PATH lookup uses the plan's PATH.
mkdir "$T/bin"
printf '#!/bin/sh\nexit 42\n' > "$T/bin/mytool"
chmod 755 "$T/bin/mytool"
expect_rc 127 -e 'run -- mytool'
expect_rc 42 -e "env PATH=$T/bin:/usr/bin:/bin" -e 'exec -- mytool'
