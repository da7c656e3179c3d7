# wait: exit 4 on timeout naming the last error, 3 for a bad target or
# option, userinfo never shown, dry-run does not wait; a real HTTP server
# on the loopback that turns ready.

# A closed port on the loopback: refused, retried, timed out.
expect_rc 4 -e 'wait tcp 127.0.0.1:1 timeout=400ms interval=100ms'
err_has 'timed out after'
err_has 'waiting for tcp 127.0.0.1:1 (last error: Connection refused)'

expect_rc 3 -e 'wait tcp 127.0.0.1:99999'
err_has 'bad port'
expect_rc 3 -e 'wait tcp 127.0.0.1'
expect_rc 3 -e 'wait tcp ::1:80'
err_has '[::1]:PORT'
expect_rc 3 -e 'wait tcp 127.0.0.1:1 timeout=5h'
err_has 'bad duration'
expect_rc 3 -e 'wait udp 127.0.0.1:1'
expect_rc 3 -e 'wait http https://u:s3cret@127.0.0.1/'
err_has "use 'wait tcp HOST:443'"
err_lacks 's3cret'
expect_rc 3 -e 'wait http http://127.0.0.1:1/ status=2x'

expect_rc 4 -e 'wait http http://admin:s3cret@127.0.0.1:1/x timeout=300ms'
err_has 'http://***@127.0.0.1:1/x'
err_lacks 's3cret'

# check and dry-run validate but never wait.
t0=$(date +%s)
ok --dry-run -e 'wait tcp 127.0.0.1:1 timeout=30s'
ok check -e 'wait dns localhost timeout=30s'
[ $(( $(date +%s) - t0 )) -le 2 ] || fail "dry-run waited"

: > "$T/here"
ok -e "wait file $T/here timeout=1s"
expect_rc 4 -e "wait file $T/absent timeout=200ms"
err_has 'No such file or directory'
ok -e 'wait dns localhost timeout=1s'

# An HTTP server that answers 503 twice, then 200, on a free port.
cat > "$T/srv.py" <<'PY'
import http.server, sys
n = [0]
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        n[0] += 1
        self.send_response(200 if n[0] > 2 else 503)
        self.end_headers()
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(s.server_port))
s.serve_forever()
PY
python3 "$T/srv.py" "$T/port" & srv=$!
trap 'kill $srv 2>/dev/null || true' EXIT
for i in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
port=$(cat "$T/port")
ok -e "wait http http://127.0.0.1:$port/health status=200 timeout=3s interval=100ms"
ok -e "wait tcp 127.0.0.1:$port timeout=1s"
# Several targets share the one timeout; the one not ready is named.
expect_rc 4 -e "wait tcp 127.0.0.1:$port 127.0.0.1:1 timeout=500ms"
err_has 'waiting for tcp 127.0.0.1:1 (last error: Connection refused)'
kill $srv
# A URL's password is never printed, even when it holds '/' (the userinfo
# ends at the URL's last '@'), and not in -v either
expect_rc 4 -v -e 'wait http http://user:PA/SSWD@127.0.0.1:1/x timeout=100ms'
err_lacks "PA/SS"
err_lacks "SSWD"
err_has "http://***@127.0.0.1:1/x"
