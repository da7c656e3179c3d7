# mkdir: like mkdir -p, mode/owner on PATH only, exact octal, idempotent.
ok -e "mkdir $T/a/b/c mode=0750"
mode_is "$T/a/b/c" 750
mode_is "$T/a/b" 755
summary_changed 1
ok -e "mkdir $T/a/b/c mode=0750"
summary_changed 0
# an existing directory gets its mode corrected; 0700 clears set-gid
chmod 2777 "$T/a/b/c"
ok -e "mkdir $T/a/b/c mode=0700"
mode_is "$T/a/b/c" 700
summary_changed 1
# parents-mode= for the directories it creates
ok -e "mkdir $T/p/q/r parents-mode=0711 mode=0700"
mode_is "$T/p" 711
mode_is "$T/p/q" 711
mode_is "$T/p/q/r" 700
# several paths, one step
ok -e "mkdir $T/m1 $T/m2"
[ -d "$T/m1" ] && [ -d "$T/m2" ] || fail "m1/m2 missing"
# a file in the way is an error
: > "$T/file"
expect_rc 1 -e "mkdir $T/file"
expect_rc 1 -e "mkdir $T/file/sub"
# a symlink at PATH is refused, never chmodded through
mkdir "$T/out"
ln -s "$T/out" "$T/lnk"
expect_rc 5 -e "mkdir $T/lnk mode=0700"
mode_is "$T/out" 755
# dry-run creates nothing
ok --dry-run -e "mkdir $T/dry/x mode=0700"
absent "$T/dry"
summary_changed 1
