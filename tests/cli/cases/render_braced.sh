# render: braced default; nginx's $vars survive; an undefined ${X} fails
# with template:line:col and writes nothing; re-render is unchanged.
printf 'server_name ${HOST};\nproxy_set_header Host $host;\nport ${PORT:-80};\n' > "$T/t"
HOST=example.test ok -e "render $T/t $T/out.conf"
content "$T/out.conf" 'server_name example.test;
proxy_set_header Host $host;
port 80;
'
mode_is "$T/out.conf" 644
HOST=example.test ok -e "render $T/t $T/out.conf mode=0640"
mode_is "$T/out.conf" 640
HOST=example.test ok -e "render $T/t $T/out.conf mode=0640"
summary_changed 0
expect_rc 3 -e "render $T/t $T/new.conf"
err_has "$T/t:1:13: undefined variable HOST"
absent "$T/new.conf"
no_temp_files "$T"
