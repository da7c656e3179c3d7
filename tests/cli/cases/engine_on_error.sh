# on-error=warn logs the failure, counts it, goes on; without it the plan
# stops at the failed step.
echo file > "$T/file"
ok -e "write $T/file/x y on-error=warn
write $T/ok yes"
content "$T/ok" yes
err_has "failed"
err_has "1 warnings"
expect_rc 1 -e "write $T/file/x y
write $T/ok2 yes"
absent "$T/ok2"
expect_rc 3 -e "write $T/a b on-error=maybe"
