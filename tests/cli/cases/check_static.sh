# check validates without running: every finding, each with file:line:col;
# nothing is created; paths an earlier step would create need not exist.
printf 'x ${A\n' > "$T/bad.t"
printf 'ok ${UNSET_IS_FINE_HERE}\n' > "$T/good.t"
mkdir -p "$T/tpl/sub"; printf '${B\n' > "$T/tpl/sub/x.conf.template"
expect_rc 3 check -e "mkdir $T/new/a mode=0799
chmod u=rwZ $T/x
wait tcp nohost timeout=5q
env 1A=2
render $T/bad.t $T/out/x
render $T/good.t $T/out/y
chown -R 1000 $T/new/a
render-dir $T/tpl $T/out2
write $T/a b overwrite=sometimes"
err_has "-e:1:"; err_has "invalid mode '0799'"
err_has "-e:2:7: invalid mode 'u=rwZ'"
err_has "bad duration '5q'"
err_has "missing port in 'nohost'"
err_has "bad variable name '1A'"
err_has "$T/bad.t:1:3:"
err_has "$T/tpl/sub/x.conf.template:1:1:"
err_has "overwrite= takes always, missing or never, not 'sometimes'"
err_has "check: 9 steps, 8 problems found"
absent "$T/new"; absent "$T/out"; absent "$T/a"
ok check -e "mkdir $T/new mode=0750
chown -R 1000:1000 $T/new
render $T/good.t $T/new/y mode=\${MODE}"
absent "$T/new"
