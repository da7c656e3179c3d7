# envfile: dotenv lines.
cat > "$T/.env" <<'X'
# comment
export A=1
B = "two words\n"
C='lit ${A}'
D=bare value # comment
X
ok -e "envfile $T/.env
write $T/out \"\${A}|\${B}|\${C}|\${D}\""
content "$T/out" "1|two words
|lit \${A}|bare value"
printf 'GOOD=1\nnot a line\n' > "$T/bad.env"
expect_rc 3 -e "envfile $T/bad.env"
err_has "$T/bad.env:2"
