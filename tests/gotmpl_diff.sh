#!/bin/sh
# gotmpl_diff.sh: differential tests of the syntax=go engine. Every
# template of tests/gotmpl-corpus and RANDOM generated ones are rendered
# by the Go reference program (Go's own text/template) and by the C
# driver, with the same environment; outputs must be byte-identical, and
# a template one rejects the other must reject too (fail-* templates
# must fail). Without Go, the corpus is checked against the stored
# *.out files instead, and the random part is skipped.
#
# usage: [VOLINIT=./volinit] sh tests/gotmpl_diff.sh [-u] [RANDOM [SEED]]
#   -u  rewrite the stored *.out files from the Go reference
#   VOLINIT: check the real binary (`volinit render --syntax=go`) instead
#   of the sanitizer-built driver
set -u
cd "$(dirname "$0")/.." || exit 2
update=0
if [ "${1:-}" = -u ]; then update=1; shift; fi
nrandom=${1:-500}
seed=${2:-1}
tmp=${TMPDIR:-/tmp}/gotmpl-diff.$$
mkdir -p "$tmp/rand" || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
CC=${CC:-cc}

$CC -std=c99 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -O1 -g \
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -Isrc \
    -o "$tmp/render" src/buf.c src/err.c src/xalloc.c src/sink.c src/log.c src/redact.c \
    src/gotmpl/*.c tests/gotmpl_render.c || exit 2
if [ -n "${VOLINIT:-}" ]; then
	bin=$(cd "$(dirname "$VOLINIT")" && pwd)/$(basename "$VOLINIT")
	printf '#!/bin/sh\nexec %s -q render --syntax=go "$@"\n' "$bin" \
	    >"$tmp/render"
	chmod +x "$tmp/render"
fi

havego=0
if command -v go >/dev/null 2>&1; then
	# GOPATH mode over Debian's Go packages: the reference links Sprig v3
	# itself (golang-github-masterminds-sprig-dev), no module download.
	export GO111MODULE=off GOPATH=/usr/share/gocode
	export GOCACHE="${GOCACHE:-/tmp/gotmpl-gocache}" GOPROXY=off GOTOOLCHAIN=local
	(cd tests/gotmpl-ref && go build -o "$tmp/ref" . &&
	    go build -o "$tmp/gen" ./gen) && havego=1
fi
if [ $havego = 0 ] && [ $update = 1 ]; then
	echo "gotmpl_diff: -u needs go" >&2
	exit 2
fi

corpus=tests/gotmpl-corpus
# The corpus environment: one NAME=VALUE per line, nothing else inherited.
IFS='
'
set -f
envlist=$(cat "$corpus/env")
set +f
unset IFS

# run PROG TEMPLATE FLAGS OUT: render in the corpus directory with only
# the corpus environment, plus NAME.env's lines for the template NAME.tmpl
# (date templates set TZ there: the corpus's Europe/Paris has DST rules,
# which volinit refuses); the exit status is written to OUT.rc.
run() {
	extra=
	[ -f "$corpus/${2%.tmpl}.env" ] && extra=$(cat "$corpus/${2%.tmpl}.env")
	(cd "$corpus" && IFS='
' && set -f && exec env -i $envlist $extra "$1" "$2" $3) >"$4" 2>"$4.err"
	echo $? >"$4.rc"
}

pass=0
fail=0
bothfail=0
report() {
	fail=$((fail + 1))
	echo "FAIL $1: $2"
	[ -f "$3.err" ] && head -3 "$3.err" | sed 's/^/  c: /'
}

# check NAME TEMPLATE FLAGS MUSTFAIL
check() {
	name=$1 t=$2 flags=$3 mustfail=$4
	run "$tmp/render" "$t" "$flags" "$tmp/c"
	crc=$(cat "$tmp/c.rc")
	if [ "$crc" -ne 0 ] && [ "$crc" -ne 3 ]; then
		report "$name" "driver exit $crc (sanitizer?)" "$tmp/c"
		return
	fi
	if [ $havego = 1 ]; then
		run "$tmp/ref" "$t" "$flags" "$tmp/go"
		grc=$(cat "$tmp/go.rc")
		[ $update = 1 ] && [ "$mustfail" = 0 ] &&
		    cp "$tmp/go" "$corpus/${name%.tmpl}.out"
	else
		grc=1
		[ -f "$corpus/${name%.tmpl}.out" ] && grc=0 &&
		    cp "$corpus/${name%.tmpl}.out" "$tmp/go"
	fi
	if [ "$mustfail" = 1 ] && { [ "$crc" = 0 ] || [ "$grc" = 0 ]; }; then
		report "$name" "must fail (c=$crc go=$grc)" "$tmp/c"
	elif [ "$crc" = 0 ] && [ "$grc" != 0 ]; then
		report "$name" "go failed, c rendered" "$tmp/go"
	elif [ "$crc" != 0 ] && [ "$grc" = 0 ]; then
		report "$name" "c failed, go rendered" "$tmp/c"
	elif [ "$crc" = 0 ] && ! cmp -s "$tmp/c" "$tmp/go"; then
		report "$name" "outputs differ" "$tmp/c"
		diff "$tmp/go" "$tmp/c" | head -8 | sed 's/^/  /'
	else
		pass=$((pass + 1))
		[ "$crc" != 0 ] && bothfail=$((bothfail + 1))
	fi
}

for f in "$corpus"/*.tmpl; do
	name=$(basename "$f")
	flags=
	[ -f "${f%.tmpl}.flags" ] && flags=$(cat "${f%.tmpl}.flags")
	mustfail=0
	case $name in fail-*) mustfail=1 ;; esac
	check "$name" "$name" "$flags" $mustfail
done
ncorpus=$((pass + fail))

if [ $havego = 1 ] && [ "$nrandom" -gt 0 ]; then
	"$tmp/gen" -seed "$seed" -n "$nrandom" -dir "$tmp/rand" || exit 2
	i=0
	for f in "$tmp/rand"/*.tmpl; do
		# Every third case runs in strict mode.
		flags=
		[ $((i % 3)) = 2 ] && flags=--strict
		check "random/$(basename "$f")" "$f" "$flags" 0
		i=$((i + 1))
	done
fi

echo "gotmpl_diff: $ncorpus corpus templates, $((pass + fail - ncorpus)) random;" \
    "$pass passed ($bothfail of them rejected by both), $fail failed"
[ $fail = 0 ]
