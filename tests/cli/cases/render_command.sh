# volinit render: a drop-in for envsubst < in > out.
printf 'a=$A b=${B} c=$host\n' > "$T/t"
A=1 B=2 ok render --syntax=envsubst "$T/t"
out_is "a=1 b=2 c="
A=1 B=2 vi render --syntax=envsubst --vars=defined - < "$T/t"
out_is 'a=1 b=2 c=$host'
A=1 ok render --syntax=envsubst --vars=A "$T/t" "$T/o" --mode=0600
content "$T/o" 'a=1 b=${B} c=$host
'
mode_is "$T/o" 600
expect_rc 3 render --syntax=bogus "$T/t"
# --root binds `volinit render` as `root` binds the step: outside is exit 5
# and nothing is written; inside works; render's flags elsewhere are usage
mkdir -p "$T/rootd" "$T/outside"
echo 'v=${HOME}' > "$T/rt"
expect_rc 5 render --root "$T/rootd" "$T/rt" "$T/outside/o"
absent "$T/outside/o"
ok render --root "$T/rootd" "$T/rt" "$T/rootd/o"
content "$T/rootd/o" "v=$HOME
"
expect_rc 2 --mode=0600 -e 'env A=1'
err_has "--mode goes with render"
