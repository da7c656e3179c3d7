# umask MODE: what run and exec children inherit; volinit's own files and
# directories keep their exact modes whatever the umask, set by the step
# or inherited (umask 0777 would make them all 0000).
ok -e "umask 0077
run -- /bin/sh -c umask"
out_is 0077
ok -e "umask 27
exec -- /bin/sh -c umask"
out_is 0027
plan="umask 0777
write $T/a/b/w x
write $T/a/s 'y' mode=0640
mkdir $T/d/e
mkdir $T/m mode=0750 parents-mode=0711
ensure-line $T/e/l x
set-key $T/k/c k v
copy $T/a/b $T/c
symlink $T/ln/l target
render $T/tmpl $T/r/out"
printf 'z\n' > "$T/tmpl"
chmod 0644 "$T/tmpl"
check_modes() {
	mode_is "$T/a" 755; mode_is "$T/a/b" 755; mode_is "$T/a/b/w" 644
	mode_is "$T/a/s" 640; mode_is "$T/d" 755; mode_is "$T/d/e" 755
	mode_is "$T/m" 750; mode_is "$T/e/l" 644; mode_is "$T/k/c" 644
	mode_is "$T/c" 755; mode_is "$T/c/w" 644; mode_is "$T/ln" 755
	mode_is "$T/r/out" 644
}
ok -e "$plan"
check_modes
summary_changed 9
no_temp_files "$T"
# the umask volinit was started with is no different
rm -rf "$T/a" "$T/d" "$T/m" "$T/e" "$T/k" "$T/c" "$T/ln" "$T/r"
(umask 0777; "$VOLINIT" -e "${plan#*
}" >"$T/.out" 2>"$T/.err") || fail "under umask 0777: $(cat "$T/.err")"
check_modes
# a second run under the umask changes nothing
ok -e "$plan"
summary_changed 0
# out of range or not octal: a plan error from check and run
for bad in 0800 1777 abc 8 00777; do
	expect_rc 3 check -e "umask $bad"
	err_has "-e:1:7: umask '$bad'"
	expect_rc 3 -e "umask $bad"
	err_has "-e:1:7: umask '$bad'"
done
