# SECURITY.md rules 10 and 15: a secret never reaches any output. Every
# verb runs with a distinctive secret in every position it can take
# (target, option, argument, URL, command, file name), in text and JSON,
# with -v and with --dry-run, and all output is searched for the secret
# and for every 6-byte piece of it (a truncated secret leaks a prefix).
S=Zq7Kx9Wv3Lp2Mn8R
printf '%s\n' "$S" > "$T/pw"
mkdir -p "$T/vol/d" "$T/src"
echo hi > "$T/src/a"
echo 'x=${PW}' > "$T/tpl"
echo 'x=${NOPE:?no value, pw is ${PW}}' > "$T/badtpl"
pad=$(printf 'p%.0s' $(seq 1 505))

# one plan line per case; each runs after `secret PW FILE`
cases=$(cat <<PLAN
chmod 0600 $T/vol/\${PW}/x
chmod -R 0600 $T/vol/\${PW}
chown 0 $T/vol/d/\${PW}
chown -R 0 $T/vol/d/\${PW}
render $T/tpl $T/vol/\${PW}/o
render $T/nope/\${PW} $T/vol/o
render $T/badtpl $T/vol/o
render-dir $T/\${PW} $T/vol/rd
copy $T/src $T/vol/\${PW}/c
copy $T/\${PW} $T/vol/c
wait tcp \${PW}:1 timeout=200ms
wait tcp 127.0.0.1:\${PW} timeout=200ms
wait http http://\${PW}/ timeout=200ms
wait http http://u:\${PW}@127.0.0.1:1/ timeout=200ms
wait http http://127.0.0.1:1/\${PW} timeout=200ms status=\${PW}
wait dns \${PW}.x timeout=200ms
wait file $T/vol/\${PW} timeout=200ms
wait file $T/vol/x timeout=\${PW}
run -- /x/\${PW}
run -- /bin/false \${PW}
run user=\${PW} -- /bin/true
run cwd=/x/\${PW} -- /bin/true
exec cwd=/x/\${PW} -- /bin/true
env \${PW}=1
default \${PW}=1
require \${PW}
forbid PW
file-env \${PW}
secret X $T/\${PW}
envfile $T/\${PW}
export \${PW}
root $T/\${PW}
mkdir $T/vol/\${PW} mode=\${PW}
mkdir $T/vol/m owner=\${PW}
write $T/vol/f "\${PW}" mode=0644
write $T/vol/\${PW}/$pad/\${PW} x
write $T/vol/$pad/\${PW}/x x
ensure-line $T/vol/f2 "pw=\${PW}"
symlink $T/vol/l \${PW}
remove $T/vol/\${PW}
write $T/vol/w x if=\${PW}==\${PW} on-error=\${PW}
PLAN
)
pieces=()
for i in $(seq 0 $((${#S} - 6))); do pieces+=(-e "${S:$i:6}"); done
leaks() { grep -qF "${pieces[@]}" "$1"; }
n=0
while IFS= read -r line; do
	for mode in "" "-v" "--dry-run" "--log-format=json" \
	    "--log-format=json -v --dry-run"; do
		# shellcheck disable=SC2086
		vi $mode -e "secret PW $T/pw" -e "$line"
		cat "$T/.out" >> "$T/.err"
		if leaks "$T/.err"; then
			fail "secret printed by '$line' ($mode):
$(cat "$T/.err")"
		fi
		case $mode in *json*) cat "$T/.err" >> "$T/all.json"; esac
		n=$((n + 1))
	done
done <<< "$cases"
python3 -c 'import json,sys
for l in sys.stdin: json.loads(l)' < "$T/all.json" || fail "a JSON line is not JSON"
# the same through file-env, the docker-library way
export PW_FILE="$T/pw"
vi -v -e 'file-env PW' -e "write $T/vol/\${PW} x" -e "run -- /x/\${PW}"
leaks "$T/.err" && fail "file-env secret printed: $(cat "$T/.err")"
[ "$n" -ge 200 ] || fail "only $n runs"
