#!/bin/sh
# gotmpl-bench.sh: speed and memory of the syntax=go engine against Go's
# text/template (the reference program) on a generated ~1 MB template of
# nginx server blocks (if, range over split, pipelines, printf, default).
# Needs musl-gcc, go and hyperfine; prints hyperfine's table and the peak
# RSS of both (/usr/bin/time -v).
set -eu
cd "$(dirname "$0")/.."
tmp=${TMPDIR:-/tmp}/gotmpl-bench
mkdir -p "$tmp"
blocks=${1:-1600}

awk -v n="$blocks" 'BEGIN {
	for (i = 0; i < n; i++) {
		printf "# site %d\nserver {\n", i
		printf "    listen {{ .Env.APP_PORT }};\n"
		printf "    server_name site%d.{{ .Env.DOMAIN }} www.site%d.{{ .Env.DOMAIN }};\n", i, i
		printf "{{- if isTrue .Env.SSL_ENABLED }}\n"
		printf "    ssl_certificate     /etc/ssl/site%d.pem;\n", i
		printf "    ssl_certificate_key /etc/ssl/site%d.key;\n", i
		printf "{{- else }}\n    # plain http\n{{- end }}\n"
		printf "{{- range $i, $b := split .Env.BACKENDS \",\" }}\n"
		printf "    location /b{{ $i }} { proxy_pass http://{{ $b }}; }\n"
		printf "{{- end }}\n"
		printf "    add_header X-App {{ .Env.APP_NAME | upper | printf \"%%q\" }};\n"
		printf "    client_max_body_size {{ default .Env.BODY \"10m\" }};\n"
		printf "    {{ if eq .Env.APP_ENV \"production\" }}access_log off;{{ else }}access_log on;{{ end }}\n"
		printf "}\n\n"
	}
}' >"$tmp/big.tmpl"
ls -l "$tmp/big.tmpl"

musl-gcc -std=c99 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -Os -static -Isrc \
    -o "$tmp/render" src/buf.c src/err.c src/xalloc.c src/sink.c src/log.c \
    src/gotmpl_lex.c src/gotmpl_parse.c src/gotmpl_lit.c src/gotmpl_exec.c \
    src/gotmpl_fmt.c src/gotmpl_builtin.c src/gotmpl_funcs.c \
    src/gotmpl_url.c src/gotmpl_json.c tests/gotmpl_render.c
(cd tests/gotmpl-ref && GOFLAGS=-mod=mod GOPROXY=off \
    GOCACHE=${GOCACHE:-/tmp/gotmpl-gocache} go build -o "$tmp/ref" .)

set -- env -i APP_PORT=8080 DOMAIN=example.com SSL_ENABLED=yes \
    BACKENDS=app1:8080,app2:8080,app3:9090 APP_NAME=shop APP_ENV=production
"$@" "$tmp/render" "$tmp/big.tmpl" >"$tmp/c.out"
"$@" "$tmp/ref" "$tmp/big.tmpl" >"$tmp/go.out"
cmp "$tmp/c.out" "$tmp/go.out" && ls -l "$tmp/c.out"
# hyperfine itself runs in the clean environment, so that no wrapper
# process (env costs ~10 ms here) is counted in either command.
"$@" PATH="$PATH" HOME="${HOME:-/tmp}" hyperfine -N --warmup 5 --runs 30 \
    "$tmp/render $tmp/big.tmpl" "$tmp/ref $tmp/big.tmpl" --output=null
for p in render ref; do
	printf '%s peak RSS: ' $p
	/usr/bin/time -v "$@" "$tmp/$p" "$tmp/big.tmpl" 2>&1 >/dev/null |
	    awk '/Maximum resident/ { print $6 " KiB" }'
done
