# ensure-line: append once; newline added to a file lacking one.
printf 'local all all trust' > "$T/pg_hba.conf"
ok -e "ensure-line $T/pg_hba.conf 'host all all all md5'"
content "$T/pg_hba.conf" "local all all trust
host all all all md5
"
ok -e "ensure-line $T/pg_hba.conf 'host all all all md5'"
summary_changed 0
ok -e "ensure-line $T/pg_hba.conf 'local all all trust'"
summary_changed 0
# a partial match is not a match
ok -e "ensure-line $T/pg_hba.conf 'host all'"
summary_changed 1
# creates the file (and parents) when missing
ok -e "ensure-line $T/new/f.conf 'a=1' mode=0600"
content "$T/new/f.conf" "a=1
"
mode_is "$T/new/f.conf" 600
no_temp_files "$T"
ln -s "$T/pg_hba.conf" "$T/lnk"
expect_rc 5 -e "ensure-line $T/lnk x"
