#!/bin/sh
# make demo: run the quickstart plan into a temporary directory twice — the
# second run changes nothing — then show what it made.
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
OUT=$(mktemp -d /tmp/volinit-demo.XXXXXX)
SECRETS=$here/secrets
DB_PASSWORD_FILE=$SECRETS/db_password
export OUT SECRETS DB_PASSWORD_FILE
echo "== first run (into $OUT)"
"$bin" -f "$here/plan"
echo
echo "== second run: converges, 0 changed"
"$bin" -f "$here/plan"
echo
echo "== what it made"
(cd "$OUT" && find . | sort | while read -r f; do
	printf '%s %s\n' "$(stat -c '%A %U:%G' "$f")" "$f"; done)
echo
echo "== $OUT/etc/app.conf (the secret is in the file, never in the log)"
cat "$OUT/etc/app.conf"
echo "== $OUT/etc/nginx/conf.d/default.conf"
cat "$OUT/etc/nginx/conf.d/default.conf"
echo
echo "== a dry run after a change shows the diff"
DB_POOL=20 HTTP_PORT=80 "$bin" --dry-run -f "$here/plan" 2>&1 | grep -v ': unchanged$'
echo
echo "== a planted link cannot send a write outside the root (exit 5)"
ln -sf /etc "$OUT/etc/app/evil"
"$bin" -e "root $OUT" -e "write $OUT/etc/app/evil/passwd pwned" || echo "exit code $?"
rm -rf "$OUT"
