# if=/unless=/creates= decide before anything else is expanded: a skipped
# step's undefined variables cannot fail it.
ok -e "env MODE=prod
write $T/a \"\${NOPE}\" if=\${MODE}==dev
write $T/b yes if=\${MODE}==prod
write $T/c yes unless=\${MODE}!=prod
write $T/d no if=off
write $T/e yes if=TRUE
write $T/f no creates=$T/zz,$T/b
write $T/g yes if=\${VOLINIT_UID}==$(id -u)"
absent "$T/a"; content "$T/b" yes; content "$T/c" yes; absent "$T/d"
content "$T/e" yes; absent "$T/f"; content "$T/g" yes
err_has "skipped (if: false)"
err_has "skipped (creates: $T/b exists)"
err_has "8 steps: 4 changed, 1 unchanged, 3 skipped"
