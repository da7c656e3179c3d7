# symlink: create or atomically replace; idempotent; not `ln -sf`.
mkdir -p "$T/v/1" "$T/v/2"
ok -e "symlink $T/v/current 1"
is_link "$T/v/current"
[ "$(readlink "$T/v/current")" = 1 ] || fail "wrong target"
ok -e "symlink $T/v/current 1"
summary_changed 0
# replacing a link to a directory makes no link inside the directory
ok -e "symlink $T/v/current 2"
[ "$(readlink "$T/v/current")" = 2 ] || fail "not replaced"
absent "$T/v/1/2"
no_temp_files "$T"
# a real directory in the way is an error
expect_rc 1 -e "symlink $T/v/1 2"
# a regular file is replaced
: > "$T/v/file"
ok -e "symlink $T/v/file 1"
is_link "$T/v/file"
# under a root, targets leaving it are refused
expect_rc 5 -e "root $T/v
symlink $T/v/esc /etc/passwd"
expect_rc 5 -e "root $T/v
symlink $T/v/1/esc ../../x"
absent "$T/v/esc"
ok -e "root $T/v
symlink $T/v/1/ok ../2
symlink $T/v/abs $T/v/2"
# dry-run changes nothing
ok --dry-run -e "symlink $T/v/current 1"
[ "$(readlink "$T/v/current")" = 2 ] || fail "dry-run changed the link"
