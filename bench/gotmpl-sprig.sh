#!/bin/sh
# bench/gotmpl-sprig.sh VOLINIT: like bench/gotmpl.sh, on a generated
# ~1 MB template that uses the Sprig functions and url.Values (dict/set,
# list, toJson, sha256sum, title, trunc, int, until, Query.Get); Go's
# side runs Sprig's own code. Needs go, Debian's Sprig and hyperfine;
# writes bench/out/gotmpl-sprig.md.
set -eu
bin=$(cd "$(dirname "${1:-./volinit}")" && pwd)/$(basename "${1:-./volinit}")
cd "$(dirname "$0")/.."
tmp=${TMPDIR:-/tmp}/gotmpl-sprig-bench
mkdir -p "$tmp" bench/out
blocks=${BLOCKS:-1200}

awk -v n="$blocks" 'BEGIN {
	for (i = 0; i < n; i++) {
		printf "# site %d\n{{- $d := dict \"id\" %d \"name\" (title .Env.APP_NAME) }}\n", i, i
		printf "{{- range $j := until 3 }}{{ $_ := set $d (printf \"k%%d\" $j) (int $j) }}{{ end }}\n"
		printf "site={{ toJson $d }} hash={{ sha256sum (printf \"%%d%%s\" %d .Env.APP_NAME) | trunc 12 }}\n", i
		printf "db={{ (parseUrl .Env.DATABASE_URL).Query.Get \"sslmode\" }} hosts={{ list \"a\" \"b\" | toJson }} {{ hasPrefix \"sh\" .Env.APP_NAME }}\n\n"
	}
}' >"$tmp/big.tmpl"
ls -l "$tmp/big.tmpl"

(cd tests/gotmpl-ref && GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off \
    GOCACHE=${GOCACHE:-/tmp/gotmpl-gocache} go build -o "$tmp/ref" .)
set -- env -i APP_NAME=shop \
    DATABASE_URL='postgres://u:p@db:5432/app?sslmode=require&connect_timeout=5'
"$@" "$bin" -q render --syntax=go "$tmp/big.tmpl" >"$tmp/c.out"
"$@" "$tmp/ref" "$tmp/big.tmpl" >"$tmp/go.out"
cmp "$tmp/c.out" "$tmp/go.out" && ls -l "$tmp/c.out"
"$@" PATH="$PATH" HOME="${HOME:-/tmp}" hyperfine -N --warmup 3 --runs 20 \
    --export-markdown bench/out/gotmpl-sprig.md \
    -n "volinit render --syntax=go" "$bin -q render --syntax=go $tmp/big.tmpl" \
    -n "Go text/template (dockerize + Sprig)" "$tmp/ref $tmp/big.tmpl"
for p in "$bin -q render --syntax=go" "$tmp/ref"; do
	printf '%s peak RSS: ' "$(basename "${p%% *}")"
	/usr/bin/time -v "$@" $p "$tmp/big.tmpl" 2>&1 >/dev/null |
	    awk '/Maximum resident/ { print $6 " KiB" }'
done | tee -a bench/out/gotmpl-sprig.md
