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
