# Small faults an outside review found; each line fails on the old binary.
# cwd= moves the child's PWD with it (absolute, as cd leaves it).
ok -e 'run cwd=/etc -- /usr/bin/env'
grep -qx 'PWD=/etc' "$T/.out" || fail "PWD not /etc: $(grep PWD "$T/.out")"
mkdir "$T/sub"
(cd "$T" && "$VOLINIT" -e 'run cwd=sub -- /usr/bin/env') > "$T/env2" 2>/dev/null
grep -qx "PWD=$T/sub" "$T/env2" || fail "relative cwd: $(grep PWD "$T/env2")"
# A failed step's JSON line carries the time it took.
expect_rc 4 --log-format=json -e 'wait tcp 127.0.0.1:1 timeout=300ms'
python3 -c 'import json,sys
l = json.loads(open(sys.argv[1]).readline())
assert l["result"] == "failed" and l["ms"] >= 250, l' "$T/.err" ||
    fail "ms of a failed wait: $(head -1 "$T/.err")"
# file-env A B C on-error=warn handles each name; an unreadable NAME_FILE
# is named as the user set it.
# (B's value is a secret, scrubbed from every message: it must not be a
# string that can occur in the random $T, as a one-letter value can.)
echo b-value-b > "$T/b"
export A_FILE=$T/none B_FILE=$T/b C_FILE=$T/none2
ok \
    -e 'file-env A B C on-error=warn' -e "write $T/bout \${B}"
content "$T/bout" b-value-b
err_has "A_FILE=$T/none: No such file or directory"
err_has "C_FILE=$T/none2: No such file or directory"
# exec logs "changed" only once it can really go: not before a failed
# chdir (or privilege drop).
expect_rc 126 -e 'exec cwd=/nonexistent -- /bin/true'
err_lacks 'changed'
# The final error (redacted) also goes where Kubernetes looks, when that
# file exists: never created, never through a link.
printf 'Tk9sEcr3t\n' > "$T/pwf"
: > "$T/tlog"
export VOLINIT_TERMINATION_LOG=$T/tlog
expect_rc 3 -e "secret P $T/pwf" -e 'mkdir /tmp/x${P} mode=${P}'
[ "$(cat "$T/tlog")" = "-e2:1:23: invalid mode '***'" ] ||
    fail "termination log: $(cat "$T/tlog")"
rm "$T/tlog"
expect_rc 3 -e 'mkdir /x mode=bad'
absent "$T/tlog"
: > "$T/real"; ln -s "$T/real" "$T/tlog"
expect_rc 3 -e 'mkdir /x mode=bad'
[ ! -s "$T/real" ] || fail "termination log written through a link"
unset VOLINIT_TERMINATION_LOG
