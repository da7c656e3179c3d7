# exec supervise=true: volinit stays PID 1 for CMD's life (unshare):
# CMD is PID 2, orphans are reaped, a tail= file's new lines reach stdout,
# SIGTERM from outside is forwarded, the exit code is CMD's (128+N when
# killed); the plan's check refuses tail= without supervise=true. And
# the wait additions: wait unix, wait http header= body=.
as_root
unshare --pid --fork --mount-proc true 2>/dev/null || { echo "SKIP: no unshare"; exit 77; }
echo old > "$T/app.log"
cat > "$T/app.sh" <<SH
echo pid=\$\$
sh -c "sleep 0.1 & exit 0"
sleep 0.5
echo new >> $T/app.log
sleep 0.5
grep -l zombie /proc/[0-9]*/status || echo no-zombies
exit 5
SH
set +e
unshare --pid --fork --mount-proc "$VOLINIT" -q -e "exec supervise=true tail=$T/app.log -- sh $T/app.sh" >"$T/.out" 2>"$T/.err"
rc=$?
set -e
[ "$rc" = 5 ] || fail "supervised exit $rc, want 5: $(cat "$T/.err")"
out_is "$(printf 'pid=2\nnew\nno-zombies')"

# SIGTERM to volinit (PID 1) reaches CMD; CMD's status is the exit code
unshare --pid --fork --mount-proc "$VOLINIT" -q -e "exec supervise=true -- sh -c 'trap \"exit 0\" TERM; : > $T/up; while :; do sleep 0.1; done'" >"$T/.out" 2>"$T/.err" &
ns=$!
for i in $(seq 100); do [ -e "$T/up" ] && break; sleep 0.05; done
[ -e "$T/up" ] || fail "supervised command did not start"
v=$(pgrep -P "$ns")
kill -TERM "$v"
set +e; wait "$ns"; rc=$?; set -e
[ "$rc" = 0 ] || fail "after TERM: exit $rc, want 0 (CMD trapped it)"
vi -e 'exec supervise=true -- sh -c "kill -KILL \$\$"'
[ "$rc" = 137 ] || fail "killed CMD: exit $rc, want 137"
expect_rc 127 -e 'exec supervise=true -- no-such-command-volinit'
expect_rc 3 check -e "exec tail=$T/app.log -- true"
err_has 'tail= needs supervise=true'
expect_rc 3 check -e "exec supervise=maybe -- true"
expect_rc 3 check -e "wait tcp 127.0.0.1:1 body=x"
err_has 'body= applies to wait http only'

# wait unix and wait http header= body=
cat > "$T/srv.py" <<'PY'
import http.server, socket, sys
n = [0]
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        n[0] += 1
        body = b'{"status":"UP"}' if n[0] > 2 else b'{"status":"STARTING"}'
        ok = self.headers.get("Authorization") == "Bearer t0ken-x"
        self.send_response(200 if ok else 401)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a): pass
u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
u.bind(sys.argv[2]); u.listen(8)
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(s.server_port))
s.serve_forever()
PY
python3 "$T/srv.py" "$T/port" "$T/s.sock" & srv=$!
trap 'kill $srv 2>/dev/null || true' EXIT
for i in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
port=$(cat "$T/port")
ok -e "wait unix $T/s.sock timeout=2s"
expect_rc 4 -e "wait unix $T/none.sock timeout=300ms interval=100ms"
# an option value with blanks comes from a variable (a quoted token is an
# argument); several headers are one a line
ok -v -e 'env H="X-A: 1\nAuthorization: Bearer t0ken-x" UP="\"UP\""' \
    -e "wait http http://127.0.0.1:$port/health header=\${H} body=\${UP} timeout=5s interval=100ms"
err_lacks 't0ken-x'
expect_rc 4 -e "wait http http://127.0.0.1:$port/health body=UP timeout=400ms interval=100ms"
err_has 'status 401'
