# The entrypoint language (SPEC "Entrypoint language"): the container's
# arguments (${1} ${#} ${@}, args), word lists (${=NAME}), dropped empty
# command words, glob conditions, if-exists=/if-empty=/unless-empty=, a
# conditional exec anywhere, run capture=. Each as an image's plan uses it:
# ENTRYPOINT ["/volinit", "-f", PLAN, "--"] + CMD [...].
out=$T/out
P=$T/plan
# the postgres image's decision: flags first means "the server, with them"
cat > "$P" <<EOF
args postgres \${@} if=\${1:-}==-*
write $out "n=\${#} 1=\${1} 2=\${2:-} 3=\${3:-none}"
exec if=\${1}==postgres -- printf [%s] server \${@}
write $T/never x if=\${1}==postgres
exec -- printf [%s] other \${@}
EOF
ok -f "$P" -- -c max_connections=42
content "$out" "n=3 1=postgres 2=-c 3=max_connections=42"
[ "$(cat "$T/.out")" = "[server][postgres][-c][max_connections=42]" ] ||
    fail "flags: $(cat "$T/.out")"
absent "$T/never"
ok -f "$P" -- bash -c true
content "$out" "n=3 1=bash 2=-c 3=true"
[ "$(cat "$T/.out")" = "[other][bash][-c][true]" ] || fail "other: $(cat "$T/.out")"
ok -f "$P" -- postgres
content "$out" "n=1 1=postgres 2= 3=none"
out_is "[server][postgres]"
# no arguments: ${@} is no token at all, ${1} unset
ok -e "write $out \"\${#}:\${1-unset}\"" -e 'run -- printf [%s] x ${@} "${@}" y'
content "$out" "0:unset"
out_is "[x][y]"
# a plan without exec: the arguments are exec'd after the last step, as
# args left them; with an exec of its own nothing is added
ok -e 'args printf [%s] ${@} z' -- a b
out_is "[a][b][z]"
ok -e 'run -- printf [%s] mine' -- printf [%s] theirs
out_is "[mine][theirs]"
ok -e 'exec -- printf [%s] mine' -- printf [%s] theirs
out_is "[mine]"
# word lists: split on blanks, never globbed; none when unset or empty
export WL="--auth=scram  --data-checksums
-E *"
ok -e 'run -- printf [%s] ${=WL} ${=NOPE_WL} end'
out_is "[--auth=scram][--data-checksums][-E][*][end]"
# empty bare expansions dropped, quoted ones kept (the shell's rule)
export EMPTY=
ok -e 'run -- printf [%s] a ${EMPTY} ${WALDIR:+--waldir=${WALDIR}} "${EMPTY}" b${EMPTY}'
out_is "[a][][b]"
# glob conditions: the literal right side is a pattern; what came from a
# ${} matches literally
export STAR='*' NAME=web-3
ok -e "write $T/g1 x if=\${NAME}==web-*" -e "write $T/g2 x if=\${NAME}==\${STAR}" \
    -e "write $T/g3 x unless=\${NAME}!=*-[0-9]" -e "write $T/g4 x if=\${STAR}==\${STAR}" \
    -e "write $T/g5 x if=\${NAME}==web-?"
[ -f "$T/g1" ] && [ ! -e "$T/g2" ] && [ -f "$T/g3" ] && [ -f "$T/g4" ] &&
    [ -f "$T/g5" ] || fail "glob conditions: $(ls "$T")"
# path conditions
mkdir -p "$T/vol/lost+found" "$T/full"
: > "$T/full/f"
: > "$T/emptyfile"
ok -e "write $T/e1 x if-empty=$T/vol" -e "write $T/e2 x if-empty=$T/full" \
    -e "write $T/e3 x unless-empty=$T/full" -e "write $T/e4 x if-empty=$T/missing" \
    -e "write $T/e5 x if-empty=$T/emptyfile" -e "write $T/e6 x if-exists=$T/full,$T/vol" \
    -e "write $T/e7 x if-exists=$T/full,$T/missing"
for f in e1 e3 e4 e5 e6; do [ -f "$T/$f" ] || fail "$f not written"; done
absent "$T/e2"
absent "$T/e7"
err_has "skipped (if-exists: $T/missing does not exist)"
ln -s "$T/full" "$T/lnk"
ok -e "write $T/e8 x if-exists=$T/lnk" && [ -f "$T/e8" ]
rm "$T/full/f"
ln -s /nonexistent "$T/dangling"
ok -e "write $T/e9 x if-exists=$T/dangling"	# links not followed
[ -f "$T/e9" ] || fail "if-exists followed a link"
# run capture=: stdout, trailing newlines dropped; secret=true is never
# printed; more than 1 MiB is an error and the command does not go on
ok -e 'run capture=OUT -- printf "a b\n\n"' -e "write $out \"[\${OUT}]\""
content "$out" "[a b]"
printf 'Zx7Secr3tQ\n' > "$T/pw"
ok -v -e "run capture=PW secret=true -- cat $T/pw" -e "write $out \${PW}"
content "$out" "Zx7Secr3tQ"
rm -f "$out"
ok -v -e "run capture=PW secret=true -- cat $T/pw" -e "write $out \${PW}" \
    -e 'run -- printf %s ${PW}'
mode_is "$out" 600
err_lacks Zx7Secr3tQ
expect_rc 1 -e 'run capture=BIG -- yes'
err_has "capture=: yes wrote more than 1048576 bytes (killed)"
# bad forms: one line with the position, the same from check and run
for line in 'run -- echo a${@}' 'write /x ${@}' 'run -- x ${=A}b' \
    'exec -- true' 'run capture=1X -- true' 'write /x y if-exists=a,,b'; do
	vi check -e "$line" -e "write $T/nope/z y"
	c=$rc; cw=$(sed -n 's/^volinit: \(-e:[0-9]*:[0-9]*\):.*/\1/p' "$T/.err" | head -1)
	vi -e "$line" -e "write $T/nope/z y"
	[ "$c" = 3 ] && [ "$rc" = 3 ] || fail "check $c / run $rc, want 3: $line"
	[ -n "$cw" ] && grep -q "^volinit: $cw:" "$T/.err" ||
	    fail "check said $cw, run: $(cat "$T/.err")"
done
expect_rc 3 -e 'run -- echo a${@}'
err_has '-e:1:14: ${@} inside a longer token'
expect_rc 3 -e 'exec -- true' -e 'write /x y'
err_has "an unconditional 'exec' must be the last step"
# ENTRYPOINT [..., "--"] with no CMD: "--" alone, no arguments, no exec
ok -e "write $out \"n=\${#}\"" --
content "$out" "n=0"
# a bad glob is a plan error at the condition, from check and run alike
for cmd in check run; do
	expect_rc 3 $cmd -e "write $T/g9 x if=\${NAME}==web-[0-9"
	err_has "-e:1:$(( ${#T} + 16 )): the pattern after '==' or '!=' has a '[' with no ']'"
done
absent "$T/g9"
