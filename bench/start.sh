#!/bin/sh
# Start-to-exit time of a one-step plan against `busybox true` (the floor:
# a static binary that does nothing). Aim: volinit within 1 ms of it.
# Usage: sh bench/start.sh [./volinit]   (writes bench/out/start.md)
set -eu
bin=${1:-./volinit}
out=$(dirname "$0")/out
mkdir -p "$out"
bb=$(command -v busybox)
plan='env A=1'
hyperfine -N --warmup 50 --runs 1000 --export-markdown "$out/start.md" \
    -n 'busybox true' "$bb true" \
    -n 'volinit -q -e "env A=1"' "$bin -q -e '$plan'" \
    -n 'volinit -q -e "run -- busybox true"' "$bin -q -e 'run -- $bb true'"
cat "$out/start.md"
