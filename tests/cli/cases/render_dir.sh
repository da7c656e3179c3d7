# render-dir: the nginx image convention, ConfigMap "..*" entries skipped.
mkdir -p "$T/tpl/..2026_11_28/sub" "$T/out"
printf 'listen ${PORT};\n' > "$T/tpl/..2026_11_28/default.conf.template"
printf 'x ${PORT}\n' > "$T/tpl/..2026_11_28/sub/s.conf.template"
ln -s ..2026_11_28 "$T/tpl/..data"
ln -s ..data/default.conf.template "$T/tpl/default.conf.template"
mkdir -p "$T/tpl/stream"
printf 'y ${PORT}\n' > "$T/tpl/stream/up.conf.template"
printf 'not a template\n' > "$T/tpl/README"
PORT=8080 ok -e "render-dir $T/tpl $T/out"
content "$T/out/default.conf" 'listen 8080;
'
content "$T/out/stream/up.conf" 'y 8080
'
absent "$T/out/README"; absent "$T/out/..data"; absent "$T/out/..2026_11_28"
PORT=8080 ok -e "render-dir $T/tpl $T/out"
summary_changed 0
printf 'host $host port $PORT\n' > "$T/tpl/stream/e.conf.tmpl"
PORT=1 ok -e "render-dir $T/tpl $T/out2 suffix=.tmpl syntax=envsubst vars=defined"
content "$T/out2/stream/e.conf" 'host $host port 1
'
# a link that is not a ConfigMap key is not followed, even beside a
# planted ..data: no /etc/shadow (or anything outside) in the output
mkdir -p "$T/evil/..2024" "$T/outside"
printf 'PASSWORD=hunter2 ${PORT}\n' > "$T/outside/shadow"
printf 'ok ${PORT}\n' > "$T/evil/..2024/key.conf.template"
ln -s ..2024 "$T/evil/..data"
ln -s ..data/key.conf.template "$T/evil/key.conf.template"
ln -s "$T/outside/shadow" "$T/evil/a.conf.template"
ln -s ../outside/shadow "$T/evil/b.conf.template"
ln -s "$T/outside" "$T/evil/sub"
ln -s /etc/shadow "$T/evil/c.conf.template"
PORT=1 ok -e "render-dir $T/evil $T/out3"
content "$T/out3/key.conf" 'ok 1
'
absent "$T/out3/a.conf"; absent "$T/out3/b.conf"; absent "$T/out3/c.conf"
absent "$T/out3/sub"
err_has "not a ConfigMap key, not followed"
! grep -rq hunter2 "$T/out3" || fail "rendered a file outside the source"
