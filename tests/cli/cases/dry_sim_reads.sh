# A dry run reads what its earlier steps would have written: a template
# written then rendered (braced and go), a secret file written then read,
# an envfile, stdin=; and a file an earlier step removes is absent. Exit 0
# where the real run succeeds; nothing on disk changes.
D=$T/v
mkdir "$D"
disk_snap "$D"
plan=(-e "write $D/t 'v=\${V}'" -e "render $D/t $D/out"
    -e "write $D/g '{{ .Env.V }}'" -e "render $D/g $D/gout syntax=go"
    -e "write $D/pw s3cr3tZq" -e "secret P $D/pw" -e "write $D/sec \${P}"
    -e "write $D/env 'E=from-env'" -e "envfile $D/env" -e "write $D/e \${E}"
    -e "write $D/in hello" -e "run stdin=$D/in -- cat")
V=7 ok --dry-run "${plan[@]}"
disk_same "$D"
err_has "+v=7"
err_has "+++ $D/gout"
err_has "+from-env"
# the secret read back is a secret: its diff shows none of it
grep -A2 -- "--- $D/sec" "$T/.err" | grep -q "content holds a secret" ||
    fail "the secret's diff: $(grep -A2 -- "--- $D/sec" "$T/.err")"
summary_changed 10
# the real run agrees
V=7 ok "${plan[@]}"
content "$D/out" "v=7"
content "$D/gout" "7"
content "$D/e" "from-env"
out_is hello
# removed by an earlier step: absent to a later reader
expect_rc 1 --dry-run -e "remove $D/t" -e "render $D/t $D/out2"
err_has "template $D/t: No such file or directory"
