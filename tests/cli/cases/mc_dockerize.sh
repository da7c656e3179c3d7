# volinit started as dockerize (a symlink in $T): dockerize's README
# command lines — -template SRC:DEST (a file, to stdout, a directory,
# -no-overwrite, -delims), -wait tcp:// http:// (with -wait-http-header)
# file:// unix://, -timeout (exit 1), the command's exit code, -stdout /
# -stderr tails for the command's life; Go flag rules (-flag=value,
# --flag, parsing stops at the command) and Go's usage errors (exit 2).
ln -s "$VOLINIT" "$T/dockerize"
dz() { set +e; "$T/dockerize" "$@" >"$T/.out" 2>"$T/.err"; rc=$?; set -e; }
want() { [ "$rc" = "$1" ] || fail "dockerize $2: exit $rc, want $1: $(cat "$T/.err")"; }
export WEB_HOST=web.test WORKERS=4
mkdir -p "$T/tmpl" "$T/conf"
printf 'upstream {{ .Env.WEB_HOST }};\nworkers {{ add (atoi .Env.WORKERS) 1 }};\n{{ default .Env.NOPE_VOLINIT "fallback" }}\n' > "$T/tmpl/app.conf"
printf '{{ range $i := loop 2 }}{{ $i }}{{ end }}|{{ upper .Env.WEB_HOST }}\n' > "$T/tmpl/b.conf"
exp_app="$(printf 'upstream web.test;\nworkers 5;\nfallback')"

dz -template "$T/tmpl/app.conf:$T/app.conf"; want 0 'template file'
content "$T/app.conf" "$exp_app
"
dz -template "$T/tmpl/b.conf"; want 0 'template to stdout'
out_is '01|WEB.TEST'
dz --template="$T/tmpl:$T/conf"; want 0 'template dir, --flag=value'
content "$T/conf/app.conf" "$exp_app
"
content "$T/conf/b.conf" '01|WEB.TEST
'
echo keep > "$T/conf/app.conf"
dz -no-overwrite -template "$T/tmpl/app.conf:$T/conf/app.conf"; want 0 '-no-overwrite'
content "$T/conf/app.conf" 'keep
'
echo '<% .Env.WEB_HOST %> {{ kept }}' > "$T/d.tmpl"
dz -delims '<%:%>' -template "$T/d.tmpl"; want 0 '-delims'
out_is 'web.test {{ kept }}'
dz -template "$T/missing.tmpl:$T/x"; want 1 'missing template'
err_has 'unable to stat'
printf '{{ .Env.WEB_HOST\n' > "$T/bad.tmpl"
dz -template "$T/bad.tmpl:$T/bad.out"; want 1 'bad template'
absent "$T/bad.out"
dz -template "$T/tmpl:$T/app.conf"; want 1 'dir into a file'
err_has 'dest must also be a directory'

# the command: its exit code, its arguments; flags stop at it
dz -template "$T/tmpl/b.conf:$T/b" sh -c 'exit 7'; want 7 'command code'
dz sh -c 'echo "$@"' x -template y; want 0 'flags stop at the command'
out_is '-template y'
dz -- sh -c 'kill -TERM $$'; want 143 'command killed'
dz no-such-command-volinit; want 127 'not found'

# waits: file, tcp, unix, http with a header; all under one -timeout
( sleep 0.3; : > "$T/ready" ) &
dz -wait "file://$T/ready" -timeout 5s true; want 0 'file://'
cat > "$T/srv.py" <<'PY'
import http.server, socket, sys, os
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        ok = self.headers.get("X-Probe") == "volinit" and self.path == "/health"
        self.send_response(200 if ok else 403)
        self.end_headers()
    def log_message(self, *a): pass
u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
u.bind(sys.argv[2]); u.listen(8)
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(s.server_port))
s.serve_forever()
PY
python3 "$T/srv.py" "$T/port" "$T/app.sock" & srv=$!
trap 'kill $srv 2>/dev/null || true' EXIT
for i in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
port=$(cat "$T/port")
dz -wait "tcp://127.0.0.1:$port" -wait "unix://$T/app.sock" \
    -wait "http://127.0.0.1:$port/health" -wait-http-header 'X-Probe: volinit' \
    -timeout 5s -wait-retry-interval 100ms sh -c 'echo started'; want 0 'tcp unix http'
out_is started
# without the header the server says 403: not ready, timeout, exit 1,
# and the command never runs
dz -wait "http://127.0.0.1:$port/health" -timeout 500ms -wait-retry-interval 100ms \
    sh -c "echo ran > $T/ran"; want 1 'http 403'
err_has 'status 403'
absent "$T/ran"
kill $srv
dz -wait tcp://127.0.0.1:1 -timeout=300ms true; want 1 'tcp timeout'
err_has 'Connection refused'
dz -wait https://127.0.0.1/ true; want 1 'https'
err_has 'tcp://HOST:443'
dz -wait ftp://x/ true; want 1 'unknown scheme'
err_has 'invalid host protocol provided: ftp'

# tails: the whole file, then its new lines, for the command's life
echo first > "$T/access.log"
dz -stdout "$T/access.log" -stderr "$T/error.log" sh -c \
    "sleep 0.4; echo second >> $T/access.log; echo oops >> $T/error.log; sleep 0.6"
want 0 'tails'
out_is "$(printf 'first\nsecond')"
err_has 'oops'

# Go's flag package errors: usage, exit 2; -h exit 0; nothing at all: 1
dz -bogus; want 2 'undefined flag'
err_has 'flag provided but not defined: -bogus'
err_has 'Usage: dockerize [options] [command]'
dz -timeout x true; want 2 'bad duration'
err_has 'invalid value "x" for flag -timeout: parse error'
dz -no-overwrite=maybe true; want 2 'bad bool'
dz -template; want 2 'missing value'
err_has 'flag needs an argument: -template'
dz ---x; want 2 'bad syntax'
dz -h; want 0 '-h'
err_has 'Usage: dockerize'
dz; want 1 'no arguments'
dz -wait-http-header 'A: b' true; want 1 'header without -wait'
dz -delims '<%' -template "$T/d.tmpl"; want 1 'bad -delims'
dz -version; want 0 '-version'
# `volinit dockerize` is the same
vi dockerize -template "$T/tmpl/b.conf"
[ "$rc" = 0 ] && out_is '01|WEB.TEST' || fail "volinit dockerize: $rc"
