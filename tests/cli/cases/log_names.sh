# SECURITY.md rule 11: one entry is one line, and every JSON line is valid
# JSON whatever a planted name holds: invalid UTF-8 becomes \ufffd, U+2028
# and U+2029 are escaped, controls are escaped in both formats.
# in the plan, "\n" inside double quotes is a newline
bad=$(printf 'n\377\376-\342\200\250-\342\200\251-\033[31m-\\nx')
mkdir -p "$T/vol"
vi --log-format=json -e "write \"$T/vol/$bad\" x" \
    -e "chmod 0600 \"$T/vol/$bad\"" -e "remove \"$T/vol/$bad\"" \
    -e "wait file \"$T/nope/$bad\" timeout=10ms"
[ "$rc" = 4 ] || fail "exit $rc"
python3 - "$T/.err" <<'PY' || fail "JSON log is not valid JSON: $(cat -v "$T/.err")"
import json, sys
raw = open(sys.argv[1], 'rb').read()
raw.decode('utf-8')                       # strict: no invalid bytes left
assert b'\xe2\x80\xa8' not in raw and b'\xe2\x80\xa9' not in raw
lines = raw.split(b'\n')[:-1]
assert len(lines) == 6, lines             # 4 steps, summary, error
t = json.loads(lines[0])['target']
assert '\ufffd\ufffd-\u2028-\u2029-\x1b[31m-\nx' in t, repr(t)
PY
vi -e "write \"$T/vol/$bad\" x"
[ "$(wc -l < "$T/.err")" = 2 ] || fail "text log is not one line per entry"
err_has 'n\xff\xfe-'
err_has '\x1b[31m-\nx'
