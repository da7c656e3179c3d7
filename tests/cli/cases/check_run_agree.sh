# check and run agree by construction (src/validate.c is the one validator
# both call): for every step `volinit help` lists and every option its
# `volinit help STEP` lists, a bad literal value gets the same verdict
# (exit 3; 1 for an unknown user name) and the same file:line:col from `volinit check` as from a real
# run, and a good one passes both. Then every kind of bad argument, and
# the rules between options. A new option without a bad value here fails
# the case, so the walk stays complete.
mkdir -p "$T/d"
printf 'x\n' > "$T/t"
# a bad and a good value per option name (ANY: it takes any string)
declare -A bad=(
	[if]=ANY [unless]=ANY [creates]=ANY [vars]=ANY [exclude]=ANY
	[on-error]=maybe [trim]=all [mode]=0799 [parents-mode]=u=rwZ
	[owner]=nosuchuser_vi [overwrite]=sometimes [links]=deref
	[syntax]=jinja [delims]=nocolon [strict]=maybe [suffix]=''
	[timeout]=5parsecs [interval]=3q [status]=abc [user]=nosuchuser_vi
	[cwd]='' [stdin]='a,,b' [if-exists]='a,,b' [if-empty]='' [unless-empty]=''
	[capture]=1X [secret]=maybe [header]=NoColon [body]='' [supervise]=maybe
	[tail]='a,,b'
	[sep]='' [comment]='"a\nb"' [state]=gone [level]=debug
)
declare -A good=(
	[on-error]=warn [trim]=none [mode]=0640 [parents-mode]=0755
	[owner]=0:0 [overwrite]=missing [links]=keep [syntax]=go
	[delims]='[[:]]' [strict]=true [suffix]=.tpl [timeout]=1s
	[interval]=100ms [status]=200 [user]=0 [cwd]=/ [sep]='" "'
	[comment]=';' [state]=absent [level]=warn
)
# arguments that make each step valid apart from the option under test
declare -A args=(
	[env]="A=1" [default]="A=1" [require]="HOME" [forbid]="NOPE_VI"
	[secret]="S $T/t" [file-env]="F_VI" [envfile]="$T/t" [export]="HOME"
	[root]="$T" [mkdir]="$T/d/m" [copy]="$T/t $T/d/c" [render]="$T/t $T/d/r"
	[render-dir]="$T/d $T/d/rd" [write]="$T/d/w x" [ensure-line]="$T/d/e x"
	[chmod]="0700 $T/d" [chown]="0 $T/d" [symlink]="$T/d/l x"
	[remove]="$T/d/gone" [wait]="file $T/t" [run]="-- /bin/true"
	[exec]="-- /bin/true" [args]="x" [set-key]="$T/d/k key v"
	[replace]="$T/t x y" [unset]="NOPE_VI" [umask]="0022" [log]="hello"
)
# the first error's "-e:LINE:COL" (values unquoted: a quoted token is
# never an option)
where() { sed -n 's/^volinit: \(-e:[0-9]*:[0-9]*\):.*/\1/p' "$T/.err" | head -1; }
agree() {	# LINE: check and run fail alike (exit 3, or 1 for a name this
	# machine does not know) at the same place
	local c r crc
	vi check -e "$1"
	crc=$rc
	[ "$rc" = 3 ] || [ "$rc" = 1 ] || fail "check exit $rc, want 3: $1
$(cat "$T/.err")"
	c=$(where)
	vi -e "$1"
	[ "$rc" = "$crc" ] || fail "run exit $rc, check exit $crc: $1
$(cat "$T/.err")"
	r=$(where)
	[ -n "$c" ] && [ "$c" = "$r" ] || fail "check says '$c', run says '$r': $1"
	n=$((n + 1))
}
both_ok() {	# LINE: check and run both accept it
	vi check -e "$1"
	[ "$rc" = 0 ] || fail "check exit $rc on a good line: $1
$(cat "$T/.err")"
	vi -e "$1"
	[ "$rc" = 0 ] || fail "run exit $rc on a good line: $1
$(cat "$T/.err")"
}
n=0
steps=$("$VOLINIT" help | sed -n '/^plan steps/,/^every step/{s/^  \([a-z-]*\) .*/\1/p}')
[ "$(echo "$steps" | wc -w)" -ge 22 ] || fail "help lists only: $steps"
for s in $steps; do
	[ -n "${args[$s]+x}" ] || fail "no arguments known for step '$s'"
	opts=$("$VOLINIT" help "$s" | sed -n 's/^  \([a-z-]*\)=.*/\1/p')
	for o in $opts; do
		[ -n "${bad[$o]+x}" ] || fail "no bad value known for option '$o'"
		case $s:$o in exec:on-error) continue ;; esac
		[ "${bad[$o]}" = ANY ] && continue	# takes any string
		case ${args[$s]} in
		--*) agree "$s $o=${bad[$o]} ${args[$s]}" ;;
		*) agree "$s ${args[$s]} $o=${bad[$o]}" ;;
		esac
	done
done
[ $n -ge 50 ] || fail "only $n step x option pairs walked"
# good values of the options whose rules allow them alone
rm -rf "$T/d/"*
both_ok "mkdir $T/d/g mode=${good[mode]} parents-mode=${good[parents-mode]} owner=${good[owner]}"
both_ok "write $T/d/w x overwrite=${good[overwrite]} on-error=${good[on-error]}"
both_ok "copy $T/t $T/d/c links=${good[links]}"
both_ok "render $T/t $T/d/r syntax=go delims=${good[delims]} strict=${good[strict]}"
both_ok "wait http http://127.0.0.1:1/ status=${good[status]} timeout=0 interval=${good[interval]} if=false"
both_ok "run user=${good[user]} cwd=${good[cwd]} -- /bin/true"
both_ok "set-key $T/d/k key v sep=${good[sep]} comment=${good[comment]}"
both_ok "ensure-line $T/d/e x state=${good[state]}"
both_ok "log hello level=${good[level]}"
both_ok "umask 077"
# bad arguments, by kind
agree "env 1A=x"
agree "env NOEQUALS"
agree "default A=1 B"
agree "require 9x"
agree "export A-B"
agree "secret 1S $T/t"
agree "file-env 1F"
agree "chmod 0799 $T/d"
agree "chmod -R u=rwZ $T/d"
agree "chown nosuchuser_vi $T/d"
agree "wait smtp x"
agree "wait tcp nohost"
agree "wait http ftp://x/"
agree "symlink $T/d/l ''"
agree "root ''"
agree "umask 0800"
agree "umask 1777"
agree "umask u=rwx"
agree "unset 1A"
agree "set-key $T/d/k key \"a\nb\""
agree "set-key $T/d/k \"a\nb\" v"
agree "set-key $T/d/k '' v"
agree "set-key $T/d/k ' key' v"
agree "replace $T/t '' x"
agree "replace $T/t ab xaby"
# the rules between a step's values, each at the option it names
agree "render $T/t $T/d/r vars=HOME"
agree "render $T/t $T/d/r syntax=braced delims=[[:]]"
agree "render-dir $T/d $T/d/o strict=true"
agree "wait tcp 127.0.0.1:1 status=200"
agree "wait file $T/t interval=0"
# on-error=maybe: the column of the value, from both (the issue's example)
vi check -e "write $T/d/w x on-error=maybe"
err_has "-e:1:$(( ${#T} + 23 )): on-error= takes fail or warn"
vi -e "write $T/d/w x on-error=maybe"
err_has "-e:1:$(( ${#T} + 23 )): on-error= takes fail or warn"
echo "check and run agree on $n step x option pairs and 30 argument and rule cases"
