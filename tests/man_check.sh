#!/bin/bash
# volinit.1 cannot drift from the binary: every step `volinit help` lists,
# every option `volinit help STEP` shows, every exit code of the README's
# table and every VOLINIT_* variable the binary reads must be in it, and
# groff must render it without a warning.
set -u
bin=${1:-./volinit}
man=$(dirname "$0")/../volinit.1
fail=0
miss() { echo "man: volinit.1 lacks $*" >&2; fail=1; }
# roff writes '-' as '\-'
text=$(sed 's/\\-/-/g; s/\\f[BIR]//g' "$man")
steps=$("$bin" help | sed -n '/^plan steps/,/^every step/p' |
    awk 'NF>1 && /^  /{print $1}')
for s in $steps; do
	grep -q "^\.BI $s " <<< "$text" || miss "step $s"
	for o in $("$bin" help "$s" | awk '/^  [a-z-]+=/{sub(/=.*/,"",$1); print $1}'); do
		grep -qE "(^|[ (])$o=" <<< "$text" || miss "option $o= (of $s)"
	done
done
codes=$(sed -n '/^\.SH EXIT STATUS/,/^\.SH ENVIRONMENT/p' <<< "$text" |
    grep -E '^\.BR? ')
for code in 0 1 2 3 4 5 6 111 126 127 128+N; do
	grep -qF -- " $code" <<< "$codes" || miss "exit code $code"
done
for v in $(strings "$bin" | grep -oE '^VOLINIT_[A-Z0-9_]+' | sort -u); do
	grep -q "$v" <<< "$text" || miss "variable $v"
done
w=$(groff -man -ww -z "$man" 2>&1)
[ -z "$w" ] || { echo "man: groff warns: $w" >&2; fail=1; }
[ $fail = 0 ] && echo "man: volinit.1 covers $(echo "$steps" | wc -w) steps, their options, exit codes and variables"
exit $fail
