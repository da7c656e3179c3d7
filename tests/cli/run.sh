#!/bin/bash
# Run every CLI case against the static binary; print "N passed, M failed".
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")"
lib=$PWD/lib.sh
pass=0 failn=0 skip=0 failed=""
for c in cases/${CLI_ONLY:-*}.sh; do
	T=$(mktemp -d /tmp/volinit-cli.XXXXXX)
	out=$(cd "$T" && VOLINIT="$bin" T="$T" LIB="$lib" \
	    bash -e -c '. "$LIB"; . "$0"' "$OLDPWD/$c" 2>&1)
	r=$?
	chmod -R u+rwX "$T" 2>/dev/null; rm -rf "$T"
	if [ $r = 0 ]; then pass=$((pass + 1))
	elif [ $r = 77 ]; then skip=$((skip + 1))
	else failn=$((failn + 1)); failed="$failed $c"; echo "--- $c"; echo "$out"; fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "cli: $pass passed, $failn failed, $skip skipped"
[ $failn = 0 ]
