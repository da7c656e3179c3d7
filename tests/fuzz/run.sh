#!/bin/sh
# run.sh: drive one libFuzzer target (tests/bin/fuzz_NAME).
#
#   sh tests/fuzz/run.sh fuzz NAME SECONDS   fuzz for SECONDS (one process,
#       one job), then merge the inputs that found new coverage into
#       tests/fuzz/corpus/NAME; a crash is left in tests/fuzz/artifacts/
#       and fails the run
#   sh tests/fuzz/run.sh replay NAME         run every corpus input once
#       (no fuzzing, no new inputs); fails on any crash
set -u
cd "$(dirname "$0")/../.." || exit 2
mode=$1 name=$2
bin=tests/bin/fuzz_$name
corpus=tests/fuzz/corpus/$name
[ -x "$bin" ] || { echo "fuzz: $bin is not built" >&2; exit 2; }
mkdir -p "$corpus"
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

case $mode in
replay)
	n=$(find "$corpus" -type f | wc -l)
	log=${TMPDIR:-/tmp}/fuzz-replay.$$
	# -runs=0: execute the corpus once and stop.
	if ! "$bin" -runs=0 -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix="${TMPDIR:-/tmp}/fuzz-replay-$name-" "$corpus" \
	    >"$log" 2>&1; then
		cat "$log" >&2
		rm -f "$log"
		echo "fuzz-replay $name: FAILED" >&2
		exit 1
	fi
	rm -f "$log"
	echo "fuzz-replay $name: $n inputs, no crash"
	;;
fuzz)
	secs=${3:-60}
	new=$(mktemp -d "${TMPDIR:-/tmp}/fuzz-$name.XXXXXX") || exit 2
	trap 'rm -rf "$new"' EXIT INT TERM
	mkdir -p tests/fuzz/artifacts
	dict=
	[ -f "tests/fuzz/$name.dict" ] && dict=-dict=tests/fuzz/$name.dict
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="tests/fuzz/artifacts/$name-" \
	    $dict "$new" "$corpus" 2>"$new.log"
	rc=$?
	grep -E '^stat::(number_of_executed_units|new_units_added)|^(==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' \
	    "$new.log" | sed "s/^/fuzz $name: /"
	[ $rc != 0 ] && tail -40 "$new.log" >&2
	rm -f "$new.log"
	# Keep only what adds coverage to the committed corpus (also after a
	# crash: the crashing input itself is not among them, it is in
	# tests/fuzz/artifacts/).
	"$bin" -merge=1 "$corpus" "$new" >/dev/null 2>&1 ||
	    { echo "fuzz $name: merge failed" >&2; exit 1; }
	echo "fuzz $name: corpus $(find "$corpus" -type f | wc -l) inputs," \
	    "$(find "$corpus" -type f -exec cat {} + | wc -c) bytes"
	if [ $rc != 0 ]; then
		echo "fuzz $name: crashed (exit $rc); see tests/fuzz/artifacts/" >&2
		exit 1
	fi
	;;
*)
	echo "usage: run.sh fuzz|replay NAME [SECONDS]" >&2
	exit 2
	;;
esac
