# --log-format json: one object per line with the documented keys.
ok --log-format json -e "write $T/a x
write $T/a x
write $T/b y if=no"
grep -q '"step":1,"verb":"write","target":"'"$T"'/a","result":"changed"' "$T/.err" || fail "json step 1"
grep -q '"result":"unchanged"' "$T/.err" || fail "json unchanged"
grep -q '"result":"skipped","reason":"if: false"' "$T/.err" || fail "json skipped"
grep -q '"summary":true,"steps":3,"changed":1,"unchanged":1,"skipped":1' "$T/.err" || fail "json summary"
VOLINIT_LOG_FORMAT=json ok -e "write $T/a x"
grep -q '"summary":true' "$T/.err" || fail "VOLINIT_LOG_FORMAT"
# Names with control characters stay on one line.
ok -e "write \"$T/a\\nb\" x"
[ "$(wc -l < "$T/.err")" = 2 ] || fail "log line split: $(cat "$T/.err")"
