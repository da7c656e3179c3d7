#!/bin/sh
# Reproducible build: the same commit built in two different directories
# (different paths, different times) gives the same bytes. Prints the hash.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
a=$(mktemp -d /tmp/volinit-repro-a.XXXXXX)
b=$(mktemp -d /tmp/volinit-repro-bb.XXXXXX)
trap 'rm -rf "$a" "$b"' EXIT
for d in "$a" "$b"; do
	(cd "$src" && git ls-files -z | xargs -0 tar cf - 2>/dev/null) |
	    (cd "$d" && tar xf -)
	# a later build time must not matter either
	sleep 1
	make -C "$d" -s volinit >/dev/null
done
ha=$(sha256sum "$a/volinit" | cut -d' ' -f1)
hb=$(sha256sum "$b/volinit" | cut -d' ' -f1)
[ "$ha" = "$hb" ] || { echo "repro: builds differ: $ha $hb" >&2; exit 1; }
echo "repro: 2 builds, same sha256 $ha"
