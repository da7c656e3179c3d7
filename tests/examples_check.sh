#!/bin/bash
# examples_check.sh: `volinit check` over every examples/*/plan and
# examples/*/*/{plan,init-plan} (make test),
# so an example cannot drift from the language.
#
#   bash tests/examples_check.sh ./volinit
#
# The image convention mounts an example's directory at /etc/volinit (the
# plan and its templates): the plan is checked with /etc/volinit read as
# that directory. Names (owner=, user=, chown) resolve against this
# machine's passwd and group: a user only the image has (postgres, redis,
# mysql) is a note, not a failure; every other finding fails.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
tmp=$(mktemp -d /tmp/volinit-examples.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0 n=0
for plan in examples/*/plan examples/*/*/plan examples/*/*/init-plan; do
	[ -f "$plan" ] || continue
	dir=$(cd "$(dirname "$plan")" && pwd)
	sed "s#/etc/volinit#$dir#g" "$plan" > "$tmp/plan"
	n=$((n + 1))
	if "$bin" check -f "$tmp/plan" > "$tmp/out" 2>&1; then
		echo "examples: $plan: no problems"
		continue
	fi
	other=$(grep -v "check: .* found" "$tmp/out" |
	    grep -v "unknown \(user\|group\) '[a-z_][a-z0-9_-]*' (not in [^)]*)$")
	if [ -z "$other" ]; then
		echo "examples: $plan: note: names only the image has:" \
		    "$(grep -o "unknown \(user\|group\) '[^']*'" "$tmp/out" | sort -u | paste -sd, -)"
		continue
	fi
	echo "examples: $plan: FAILED" >&2
	sed "s#$tmp/plan#$plan#" "$tmp/out" >&2
	fails=$((fails + 1))
done
[ $n -gt 0 ] || { echo "examples: no examples/*/plan" >&2; exit 1; }
echo "examples: $n plans checked, $fails failed"
[ $fails = 0 ]
