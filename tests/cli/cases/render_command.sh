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
