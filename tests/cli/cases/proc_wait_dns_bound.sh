# Every attempt of a wait ends within the step's deadline, name resolution
# included: with a nameserver that never answers (musl's getaddrinfo waits
# 5 s a try), `wait dns|tcp NAME timeout=1s` ends in about a second.
# Run in a private network and mount namespace: a silent UDP server on
# 127.0.0.1:53 and a resolv.conf naming it.
as_root
command -v unshare >/dev/null || { echo "SKIP: no unshare"; exit 77; }
printf 'nameserver 127.0.0.1\nsearch a.example b.example\noptions ndots:5\n' \
    > "$T/resolv.conf"
cat > "$T/silent.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 53))
open(sys.argv[1], "w").close()
while True:
    s.recvfrom(512)
PY
cat > "$T/inner.sh" <<'SH'
set -e
ip link set lo up
mount --bind "$T/resolv.conf" /etc/resolv.conf
python3 "$T/silent.py" "$T/ready" & srv=$!
while [ ! -e "$T/ready" ]; do sleep 0.05; done
for kind in "dns db.example" "tcp db.example:5432"; do
	t0=$(date +%s%N)
	set +e
	"$VOLINIT" -e "wait $kind timeout=1s" 2> "$T/err"
	rc=$?
	set -e
	t1=$(date +%s%N)
	echo "$kind rc=$rc ms=$(( (t1 - t0) / 1000000 ))"
	grep -q 'DNS: no answer in time' "$T/err" || cat "$T/err"
done
kill $srv
SH
out=$(T=$T VOLINIT=$VOLINIT unshare --net --mount bash "$T/inner.sh") ||
    fail "inner: $out"
echo "$out" | while read -r kind target rcs mss; do
	[ "$rcs" = rc=4 ] || fail "$kind $target: $rcs (want 4): $out"
	ms=${mss#ms=}
	[ "$ms" -ge 900 ] && [ "$ms" -lt 2000 ] ||
	    fail "$kind $target took $ms ms with timeout=1s"
done
echo "$out" | grep -q ms= || fail "no result: $out"
