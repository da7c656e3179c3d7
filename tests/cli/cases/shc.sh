# Started as `sh` (a link named sh), volinit runs `sh -c STRING` holding one
# simple command: initdb's command lines, redirections to files (created
# 0666 under the umask, links followed as the shell follows them), the
# command's own status, 127/126, and every refused construct: exit 2 and
# one line naming it with its column. Nothing refused ever runs.
case $(head -c2 "$VOLINIT") in '#!') echo "SKIP: volinit is a wrapper script here, a link to it is not named sh"; exit 77 ;; esac
ln -s "$VOLINIT" "$T/sh"
# shx ARGS...: run the sh link; stdout in $T/.out, stderr in $T/.err.
shx() {
	set +e
	"$T/sh" "$@" >"$T/.out" 2>"$T/.err"
	rc=$?
	set -e
}
want() { [ "$rc" = "$1" ] || fail "exit $rc, want $1: sh $(printf '%q ' "${@:2}")
--- stderr:
$(cat "$T/.err")"; }
cat=$(command -v cat)
ls=$(command -v ls)

# initdb 15's command lines, with the real /dev/null.
shx -c "\"$cat\" --version < \"/dev/null\" > \"/dev/null\" 2>&1"
want 0; out_is ''; [ ! -s "$T/.err" ] || fail "stderr: $(cat "$T/.err")"
shx -c "\"$ls\" --no-such-flag < \"/dev/null\" > \"/dev/null\" 2>&1"
want 2; [ ! -s "$T/.err" ] || fail "2>&1 to /dev/null let through: $(cat "$T/.err")"
if command -v locale >/dev/null; then
	shx -c 'locale -a'
	want 0; grep -qx 'C\|POSIX\|C.utf8\|C.UTF-8' "$T/.out" || fail "locale -a: $(cat "$T/.out")"
fi
# what system() and popen() pass, and the optional -- and $0 $1...
shx -c 'echo hello'; want 0; out_is hello
shx -c -- 'echo a'; want 0; out_is a
shx -c 'echo a' zero one two; want 0; out_is a
shx -c "exec echo 'a  b' \"c  d\" e\\ f ''"; want 0; out_is 'a  b c  d e f '

# Redirections to files, glued or not; created 0666 & ~umask.
cd "$T"
(umask 022; "$T/sh" -c 'echo one >out1') || fail "> failed"
content out1 'one
'
mode_is out1 644
(umask 077; "$T/sh" -c 'echo two > out2') || fail "> failed"
mode_is out2 600
"$T/sh" -c 'echo three >>out1'
content out1 'one
three
'
"$T/sh" -c 'cat <out1 >copy'; content copy 'one
three
'
"$T/sh" -c 'cat < out1 1> copy2'; content copy2 'one
three
'
shx -c "\"$ls\" /volinit-none 2>err"; want 2; out_is ''
grep -q volinit-none err || fail "2> did not get stderr"
shx -c "\"$ls\" /volinit-none 2>>err"; grep -c volinit-none err | grep -qx 2 || fail "2>> did not append"
shx -c "\"$ls\" /volinit-none >both 2>&1"; want 2; [ ! -s "$T/.err" ] || fail "2>&1"
grep -q volinit-none both || fail "2>&1 into the file"
shx -c 'echo to-stderr >&2'; want 0; out_is ''; err_has to-stderr
# A link is followed, as the shell follows it.
ln -s real-target lnk
"$T/sh" -c 'echo via-link > lnk'; content real-target 'via-link
'
# Redirections failing: exit 2, one line, nothing run.
shx -c "echo x > $T/no/such/dir"; want 2
err_has "sh: -c: cannot create $T/no/such/dir: No such file or directory"
shx -c 'cat < /volinit-none'; want 2
err_has 'sh: -c: cannot open /volinit-none: No such file or directory'

# The environment and descriptors above 2 pass through untouched.
FOO=bar shx -c 'printenv FOO'; want 0; out_is bar
printf in > in
set +e; "$T/sh" -c 'readlink /proc/self/fd/3' 3<in >"$T/.out"; set -e
out_is "$T/in"

# Status: the command's own (it replaces us), 127, 126.
shx -c false; want 1
printf '#!/bin/sh\nexit 42\n' > s42; chmod 755 s42
shx -c "$T/s42"; want 42
mkdir bin; cp s42 bin/mytool
PATH="$T/bin:$PATH" shx -c 'mytool'; want 42
shx -c volinit-no-such-command; want 127
err_has 'sh: volinit-no-such-command: command not found'
printf '#!/bin/sh\n' > noexec
shx -c "$T/noexec"; want 126
err_has "sh: cannot execute $T/noexec: Permission denied"
shx -c "'$T/s42' arg"; want 42

# Every refused construct: exit 2, one line, construct and column.
refused() {
	local s=$1 msg=$2
	rm -f "$T/ran"
	shx -c "$s"
	want 2 "$s"
	[ "$(wc -l <"$T/.err")" = 1 ] || fail "not one line for '$s': $(cat "$T/.err")"
	err_has "sh: -c:1:$msg"
	absent "$T/ran"
}
refused 'touch ran | cat' "11: '|' (a pipeline) is not supported: volinit's sh runs one simple command"
refused 'locale -a | grep x' "11: '|' (a pipeline) is not supported: volinit's sh runs one simple command"
refused 'touch ran; true' "10: ';' (a command list)"
refused 'touch ran && true' "11: '&&' (an and-list)"
refused 'touch ran || true' "11: '||' (an or-list)"
refused 'touch ran &' "11: '&' (a background job)"
refused '(touch ran)' "1: '(' (a subshell)"
refused 'touch $HOME/ran' "7: '\$' (a parameter expansion)"
refused 'touch ${X}ran' "7: '\$' (a parameter expansion)"
refused 'touch $(echo ran)' "7: '\$(' (a command substitution)"
refused 'touch `echo ran`' "7: '\`' (a command substitution)"
refused 'touch "$X"' "8: '\$' (inside \"...\" the shell would expand it)"
refused 'touch "`x`"' "8: '\`' (inside \"...\" the shell would substitute it)"
refused 'touch "r\an"' "9: '\\' (inside \"...\" the shell would treat it as an escape)"
refused 'touch ra*' "9: '*' (a glob pattern)"
refused 'touch ra?' "9: '?' (a glob pattern)"
refused 'touch [r]an' "7: '[' (a glob pattern)"
refused 'touch ~/ran' "7: '~' (a tilde expansion)"
refused 'touch ran
true' "10: '\\n' (a newline)"
refused '{ touch ran; }' "1: '{' (a command group)"
refused 'touch ran }' "11: '}' (a command group)"
refused 'touch {ran,x}' "7: '{' (a brace expansion)"
refused 'touch ran #x' "11: '#' (a comment)"
refused 'X=1 touch ran' "1: 'NAME=' (a variable assignment)"
refused 'if touch ran' "1: 'if' (a reserved word)"
refused 'cd / ' "1: 'cd' (a shell builtin)"
refused 'touch ran 3>x' "11: '3>' (only descriptors 0, 1 and 2 may be redirected)"
refused 'touch ran <<x' "11: '<<' (a here-document)"
refused 'touch ran >&-' "11: '>&-' (closing a descriptor)"
refused 'touch ran >' "11: '>' needs a file name"
refused "touch 'ran" "7: unterminated \"'\""
refused '' "1: an empty command is not supported"
refused '>ran' "1: an empty command is not supported"
absent "$T/ran"
# Not -c: sh without it, sh -i, sh FILE, a missing STRING.
shx; want 2; err_has "sh: no -c: volinit's sh takes only -c STRING"
shx -i; want 2; err_has "sh: '-i': volinit's sh takes only -c STRING"
shx script.sh; want 2; err_has "sh: 'script.sh': volinit's sh takes only -c STRING"
shx -c; want 2; err_has 'sh: -c: STRING missing'
# Under any other name it is volinit.
ln -s "$VOLINIT" "$T/shx"
"$T/shx" version | grep -q '^volinit ' || fail "not volinit under another name"
