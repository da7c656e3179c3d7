# volinit help [STEP] comes from the parser's own tables: every step it
# lists has a page naming its arguments, and every option it shows is one
# the parser accepts on that step (check says no problem).
ok help
steps=$(sed -n '/^plan steps/,/^every step/p' "$T/.out" | awk 'NF>1 && /^  /{print $1}')
[ "$(echo "$steps" | wc -l)" -ge 22 ] || fail "few steps: $steps"
for s in $steps; do
	ok help "$s"
	head -1 "$T/.out" | grep -q "^$s " || fail "help $s: $(head -1 "$T/.out")"
	for o in $(awk '/^  [a-z-]+=/{sub(/=.*/,"",$1); print $1}' "$T/.out"); do
		vi check -e "$s x y $o=1"
		err_lacks "unknown option '$o'"
	done
done
expect_rc 2 help nosuchstep
err_has "unknown step 'nosuchstep'"
