#!/bin/sh
# Template throughput, side by side in one run: a ~75 MB template with a
# few variables per line, rendered by GNU envsubst and by volinit's envsubst
# and braced syntaxes; then peak RSS of each (constant memory: volinit
# streams). Usage: sh bench/tmpl.sh [./volinit]  (writes bench/out/tmpl.md)
set -eu
bin=$(cd "$(dirname "${1:-./volinit}")" && pwd)/$(basename "${1:-./volinit}")
out=$(cd "$(dirname "$0")" && pwd)/out
work=$(mktemp -d /tmp/volinit-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
export HOST=example.test PORT=8080 UPSTREAM=app.internal TIMEOUT=30s

# 1,000,000 lines of ~75 bytes: an nginx-like config, 3 variables a line.
python3 - "$work" <<'PY'
import sys
line_e = "    proxy_pass http://$UPSTREAM:$PORT/api; # $HOST timeout ${TIMEOUT}\n"
line_b = "    proxy_pass http://${UPSTREAM}:${PORT}/api; # ${HOST} t ${TIMEOUT}\n"
for name, line in (("e.tmpl", line_e), ("b.tmpl", line_b)):
    with open(sys.argv[1] + "/" + name, "w") as f:
        f.write(line * 1000000)
PY
size=$(stat -c %s "$work/e.tmpl")
echo "template: $size bytes"
envsubst < "$work/e.tmpl" > "$work/o1"
"$bin" render --syntax=envsubst - < "$work/e.tmpl" > "$work/o2"
cmp "$work/o1" "$work/o2"
rm -f "$work/o1" "$work/o2"
hyperfine --warmup 2 --runs 10 --export-markdown "$out/tmpl.md" \
    -n 'GNU envsubst' "envsubst < $work/e.tmpl > /dev/null" \
    -n 'volinit render --syntax=envsubst' \
        "$bin render --syntax=envsubst - < $work/e.tmpl > /dev/null" \
    -n 'volinit render (braced)' "$bin render - < $work/b.tmpl > /dev/null" \
    -n 'volinit render (braced, file to file, fsync)' \
        "$bin render $work/b.tmpl $work/o3"
cat "$out/tmpl.md"
for cmd in "envsubst" "$bin render --syntax=envsubst -" \
    "$bin render $work/b.tmpl $work/out.conf"; do
	/usr/bin/time -f "%M KiB peak RSS: $cmd" sh -c "$cmd < $work/e.tmpl > /dev/null"
done 2>&1 | sed "s|$bin|volinit|" | tee -a "$out/tmpl.md"
