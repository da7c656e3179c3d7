#!/bin/bash
# Differential test: volinit's syntax=envsubst against GNU envsubst itself,
# over the corpus in tests/envsubst-corpus/ and seeded random templates, in
# three modes: every name, an explicit list (envsubst's SHELL-FORMAT =
# volinit's vars=), and the names defined (the nginx image's rule); then
# the same three through volinit started as envsubst (a symlink, GNU's own
# command line: no argument, SHELL-FORMAT, the nginx image's list).
# Usage: envsubst_diff.sh VOLINIT [render|multicall|all] (default all).
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
case ${2:-all} in
render) modes="all list defined" ;;
multicall) modes="mc-all mc-list mc-defined" ;;
all) modes="all list defined mc-all mc-list mc-defined" ;;
*) echo "usage: $0 VOLINIT [render|multicall|all]" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/volinit-envsubst.XXXXXX)
trap 'rm -rf "$work"' EXIT
command -v envsubst >/dev/null || { echo "envsubst missing (gettext-base)"; exit 1; }
gnu=$(command -v envsubst)
ln -s "$bin" "$work/envsubst"
mkdir "$work/t"

export NGINX_PORT=8080 NGINX_HOST=example.test BACKEND_HOST=app BACKEND_PORT=9000
export DB_HOST=db DB_PORT=5432 DB_USER=app 'DB_PASSWORD=p@ss$word&/\1' DB_NAME=prod
export HOME_DIR=/srv SCRAPE_INTERVAL=15s CLUSTER=eu JOB=node TARGET_HOST=n1
export TARGET_PORT=9100 A=alpha B= A_B='a b' x1='$A' EMPTY=
unset NOT_SET UPSTREAM LABEL host remote_addr

python3 - "$work" <<'PY'
import random, sys, os
random.seed(20261128)
alpha = ['$', '$', '$', '{', '}', 'A', 'B', '_', 'x', '1', ':', '-', '\\',
         '\n', ' ', 'A_B', 'NOT_SET', 'EMPTY', '\xe9', '$$', '${', '}}', 'x1']
for i in range(500):
    s = ''.join(random.choice(alpha) for _ in range(random.randint(0, 60)))
    with open(os.path.join(sys.argv[1], 't', 'r%03d.t' % i), 'w', encoding='latin-1') as f:
        f.write(s)
PY
cp "$here"/envsubst-corpus/* "$work"/t/

pass=0 fail=0
defined=$(env -u _ env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/$\1/p' | tr '\n' ' ')
mc="$work/envsubst"
for t in "$work"/t/*; do
	for mode in $modes; do
		case $mode in
		all|mc-all) want=$(env -u _ "$gnu" < "$t"; echo x) ;;
		list|mc-list) want=$(env -u _ "$gnu" '$A ${DB_HOST} $NOT_SET $x1' < "$t"; echo x) ;;
		defined|mc-defined) want=$(env -u _ "$gnu" "$defined" < "$t"; echo x) ;;
		esac
		case $mode in
		all) got=$(env -u _ "$bin" render --syntax=envsubst - < "$t"; echo x) ;;
		list) got=$(env -u _ "$bin" render --syntax=envsubst --vars='A,DB_HOST,NOT_SET,x1' - < "$t"; echo x) ;;
		defined) got=$(env -u _ "$bin" render --syntax=envsubst --vars=defined - < "$t"; echo x) ;;
		mc-all) got=$(env -u _ "$mc" < "$t"; echo x) ;;
		mc-list) got=$(env -u _ "$mc" '$A ${DB_HOST} $NOT_SET $x1' < "$t"; echo x) ;;
		mc-defined) got=$(env -u _ "$mc" "$defined" < "$t"; echo x) ;;
		esac
		if [ "$want" = "$got" ]; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "DIFF ($mode) $(basename "$t"):"
			diff <(printf %s "$want") <(printf %s "$got") | head -5
		fi
	done
done
echo "envsubst differential (${2:-all}): $pass passed, $fail failed"
[ "$fail" = 0 ]
