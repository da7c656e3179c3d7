#!/bin/sh
# make bench: every benchmark, side by side with what users run today, in
# one run; tables land in bench/out/*.md. Timing lives here, never in tests.
set -eu
bin=${1:-./volinit}
here=$(dirname "$0")
mkdir -p "$here/out"
{
	echo "## binary"
	echo
	echo "| binary | bytes |"
	echo "|:---|---:|"
	echo "| volinit (static-pie, stripped) | $(stat -c %s "$bin") |"
	for b in busybox gosu tini-static su-exec; do
		p=$(command -v "$b" 2>/dev/null) && echo "| $b | $(stat -L -c %s "$p") |"
	done
	echo
} | tee "$here/out/size.md"
for s in start tmpl tree gotmpl; do
	[ -f "$here/$s.sh" ] || continue
	echo "== $s"
	sh "$here/$s.sh" "$bin"
done
