# Shell string operations in every ${}: plan tokens (options, conditions,
# command words) and braced templates; envsubst leaves them alone; an unset
# NAME is an error as ${NAME} is; a secret stays a secret once cut.
export HOSTNAME=web-db-12 ARCHIVE=/srv/pkg/app-1.2.tar.gz
ok -e 'env ORD=${HOSTNAME##*-} HOST=${HOSTNAME%-*} BASE=${ARCHIVE##*/}' \
    -e 'env STEM=${BASE%%.*} EXT=${BASE#*.} VER=${STEM#app-} LEN=${#HOSTNAME}' \
    -e "write $T/a \"\${ORD}|\${HOST}|\${BASE}|\${STEM}|\${EXT}|\${VER}|\${LEN}|\${HOSTNAME%%[0-9]*}\""
content "$T/a" '12|web-db|app-1.2.tar.gz|app-1|2.tar.gz|1|9|web-db-'
# Conditions: a StatefulSet's first pod only.
ok -e "write $T/first x if=\${HOSTNAME##*-}==0" -e "write $T/other y unless=\${HOSTNAME##*-}==0"
absent "$T/first"; content "$T/other" y
# A ${} in a pattern matches literally ("${P}" in the shell).
P='*' ok -e "write $T/lit \"\${HOSTNAME#\${P}}|\${HOSTNAME#\${UNSET:-web}}\""
content "$T/lit" 'web-db-12|-db-12'
# Command words and a blank inside the braces.
export SENTENCE='one two three'
vi -e 'exec -- echo ${SENTENCE% *} ${#SENTENCE}'
out_is 'one two 13'
# Braced templates, whole; envsubst leaves them as they are.
printf 'id=${HOSTNAME##*-}\nhost=${HOSTNAME%%%%-*}\nlen=${#HOSTNAME}\n' > "$T/t"
ok -e "render $T/t $T/out"
content "$T/out" 'id=12
host=web
len=9
'
ok -e "render $T/t $T/env syntax=envsubst"
content "$T/env" 'id=${HOSTNAME##*-}
host=${HOSTNAME%%-*}
len=${#HOSTNAME}
'
vi render "$T/t"
[ "$rc" = 0 ] && out_is 'id=12
host=web
len=9'
# Unset: an error (3), as ${NAME} is, naming where.
expect_rc 3 -e 'env X=${NOPE##*-}'
err_has '-e:1:7: undefined variable NOPE'
expect_rc 3 -e 'env X=${#NOPE}'
err_has 'undefined variable NOPE'
ok -e 'env X=${NOPE:-${HOSTNAME#web-}}' -e "write $T/d \${X}"
content "$T/d" 'db-12'
printf 'a\n${NOPE%%x}\n' > "$T/bad"
expect_rc 3 -e "render $T/bad $T/badout"
err_has "$T/bad:2:1: undefined variable NOPE"
absent "$T/badout"
# Malformed: a plan error before anything runs, and check finds it.
expect_rc 3 -e "write $T/never x" -e 'env X=${#HOSTNAME:-1}'
err_has "unexpected ':' in '\${#HOSTNAME' (\${#NAME} is NAME's length)"
absent "$T/never"
expect_rc 3 check -e 'env X=${#-}'
err_has "bad variable name after '\${#'"
# ${#} alone is the count of the container arguments (entry_args.sh)
ok -e "write $T/count \${#}" -- true a b
content "$T/count" 3
# A secret cut is still a secret: hidden in the log, 0600 on disk.
printf 'hunter2-s3cret\n' > "$T/pw"
ok -e "secret PW $T/pw" -e 'env TAIL=${PW#hunter2-} N=${#PW}' \
    -e "write $T/s-\${TAIL} \${TAIL}"
content "$T/s-s3cret" 's3cret'
mode_is "$T/s-s3cret" 600
err_lacks 's3cret'
err_has "write $T/s-***"
