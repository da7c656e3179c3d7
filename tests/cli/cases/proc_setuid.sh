# A set-uid (or set-gid) volinit refuses to start (proc_refuse_setid: the
# AT_SECURE auxv entry, the real and effective ids, the mode of
# /proc/self/exe). Needs the kernel to honour the bit on this very binary, so
# not under qemu-user through a wrapper script (tests/cli/qemu-skip).
as_root
cp "$VOLINIT" "$T/v"
chmod 4755 "$T/v"
set +e; "$T/v" --version >/dev/null 2>"$T/.err"; rc=$?; set -e
[ "$rc" = 5 ] || fail "set-uid volinit exited $rc"
err_has 'refusing to run set-uid or set-gid'
chmod 2755 "$T/v"
set +e; "$T/v" --version >/dev/null 2>"$T/.err"; rc=$?; set -e
[ "$rc" = 5 ] || fail "set-gid volinit exited $rc"
err_has 'refusing to run set-uid or set-gid'
