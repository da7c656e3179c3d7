#!/bin/sh
# bench/gotmpl.sh VOLINIT: speed and memory of `volinit render
# --syntax=go` against Go's text/template (the reference program, with
# dockerize's functions) on a generated ~1 MB template of nginx server
# blocks (if, range over split, pipelines, printf, default). Needs go and
# hyperfine; writes bench/out/gotmpl.md.
set -eu
bin=$(cd "$(dirname "${1:-./volinit}")" && pwd)/$(basename "${1:-./volinit}")
cd "$(dirname "$0")/.."
tmp=${TMPDIR:-/tmp}/gotmpl-bench
mkdir -p "$tmp" bench/out
blocks=${BLOCKS:-1600}

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

printf '#!/bin/sh\nexec %s -q render --syntax=go "$@"\n' "$bin" >"$tmp/render"
chmod +x "$tmp/render"
(cd tests/gotmpl-ref && GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off \
    GOCACHE=${GOCACHE:-/tmp/gotmpl-gocache} go build -o "$tmp/ref" .)

set -- env -i APP_PORT=8080 DOMAIN=example.com SSL_ENABLED=yes \
    BACKENDS=app1:8080,app2:8080,app3:9090 APP_NAME=shop APP_ENV=production
"$@" "$tmp/render" "$tmp/big.tmpl" >"$tmp/c.out"
"$@" "$tmp/ref" "$tmp/big.tmpl" >"$tmp/go.out"
cmp "$tmp/c.out" "$tmp/go.out" && ls -l "$tmp/c.out"
# hyperfine itself runs in the clean environment, so that no wrapper
# process (env costs ~10 ms here) is counted in either command.
"$@" PATH="$PATH" HOME="${HOME:-/tmp}" hyperfine -N --warmup 5 --runs 30 \
    --export-markdown bench/out/gotmpl.md \
    -n "volinit render --syntax=go" "$bin -q render --syntax=go $tmp/big.tmpl" \
    -n "Go text/template (dockerize functions)" "$tmp/ref $tmp/big.tmpl"
for p in "$bin -q render --syntax=go" "$tmp/ref"; do
	printf '%s peak RSS: ' "$(basename "${p%% *}")"
	/usr/bin/time -v "$@" $p "$tmp/big.tmpl" 2>&1 >/dev/null |
	    awk '/Maximum resident/ { print $6 " KiB" }'
done | tee -a bench/out/gotmpl.md
