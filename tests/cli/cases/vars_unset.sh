# unset NAME...: gone from the plan's variables and from every child's
# environment, even when inherited (a password after initialisation) or
# exported; set and exported again later, the new value goes.
env_of() { tr '\0' '\n' < "$T/.out" | grep "^$1=" || true; }
export DB_PASSWORD=hunter2 KEEP=1
ok -e "run -- /usr/bin/env -0"
[ "$(env_of DB_PASSWORD)" = DB_PASSWORD=hunter2 ] || fail "not inherited"
ok -e "unset DB_PASSWORD
run -- /usr/bin/env -0"
[ -z "$(env_of DB_PASSWORD)" ] || fail "unset value inherited: $(env_of DB_PASSWORD)"
[ "$(env_of KEEP)" = KEEP=1 ] || fail "KEEP lost"
# ${NAME} is then unset (an error), ${NAME:-x} the default
expect_rc 3 -e "unset DB_PASSWORD
write $T/w \${DB_PASSWORD}"
absent "$T/w"
ok -e "unset DB_PASSWORD
write $T/w \${DB_PASSWORD:-none}"
content "$T/w" none
# exported, then unset: gone; several names at once, and a never-set one
ok -e "env A=1 B=2
export A B
unset A B NEVER_SET_VI KEEP
exec -- /usr/bin/env -0"
[ -z "$(env_of A)$(env_of B)$(env_of KEEP)" ] || fail "exported values survived unset"
# set and exported again: the new value
ok -e "unset DB_PASSWORD
env DB_PASSWORD=new
run -- /usr/bin/env -0"
[ -z "$(env_of DB_PASSWORD)" ] || fail "a plan-set value leaked unexported"
ok -e "unset DB_PASSWORD
env DB_PASSWORD=new
export DB_PASSWORD
run -- /usr/bin/env -0"
[ "$(env_of DB_PASSWORD)" = DB_PASSWORD=new ] || fail "re-exported value lost"
# a secret that is unset: still never printed afterwards
printf 's3cr3tvalue\n' > "$T/pw"
ok -v -e "secret PW $T/pw
unset PW
log \"was s3cr3tvalue\""
err_lacks s3cr3tvalue
err_has "was ***"
# unchanged, one line per step; bad names are plan errors at their column
ok -e "unset DB_PASSWORD"
err_has "[1] unset DB_PASSWORD: unchanged"
expect_rc 3 check -e "unset OK 1BAD"
err_has "-e:1:10: bad variable name '1BAD'"
expect_rc 3 -e "unset OK 1BAD"
err_has "-e:1:10: bad variable name '1BAD'"
