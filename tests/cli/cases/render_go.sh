# render syntax=go through the real binary: dockerize semantics, strict,
# delims, a secret making the output 0600, and check catching an unknown
# function before anything is written.
printf 'secret-pw\n' > "$T/pw"
cat > "$T/t.tmpl" <<'X'
port={{ .Env.PORT }} missing={{ .Env.NOPE }} d={{ default .Env.NOPE "x" }}
{{ range $i, $b := split .Env.BACKENDS "," }}b{{ $i }}={{ $b }}
{{ end }}{{ if eq .Env.MODE "prod" }}prod{{ else }}dev{{ end }}
X
PORT=80 BACKENDS=a,b MODE=prod ok -e "render $T/t.tmpl $T/out syntax=go"
content "$T/out" 'port=80 missing=<no value> d=x
b0=a
b1=b
prod
'
mode_is "$T/out" 644
PORT=80 BACKENDS=a,b MODE=prod expect_rc 3 -e "render $T/t.tmpl $T/strict syntax=go strict=true"
err_has "$T/t.tmpl:1:"
absent "$T/strict"
printf 'pw=[[ secret "%s" ]]\n' "$T/pw" > "$T/s.tmpl"
ok -e "render $T/s.tmpl $T/sec syntax=go delims=[[:]]"
content "$T/sec" 'pw=secret-pw
'
mode_is "$T/sec" 600
err_lacks secret-pw
printf '{{ nosuchfunc .Env.X }}\n' > "$T/bad.tmpl"
expect_rc 3 check -e "render $T/bad.tmpl $T/never syntax=go"
err_has "$T/bad.tmpl:1:"
absent "$T/never"
