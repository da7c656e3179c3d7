# A bind mount inside a tree is another mount even on the same filesystem
# (st_dev cannot tell): chmod -R, chown -R, copy (both sides) and remove
# leave it alone, with statx's mount id and with the name_to_handle_at
# fallback (VOLINIT_TEST_NO_STATX=1, kernels before 5.8).
as_root
mkdir -p "$T/outside/sub" "$T/vol/dir/m" "$T/vol/dir/keep" "$T/src/m" "$T/vol/dst/m"
mount --bind "$T/outside" "$T/vol/dir/m" 2>/dev/null ||
    { echo "SKIP: mount --bind not permitted"; exit 77; }
trap 'umount -l "$T/vol/dir/m" "$T/vol/dir/f" "$T/vol/dst/m" 2>/dev/null' EXIT
touch "$T/outside/f2" "$T/vol/dir/f"
mount --bind "$T/outside/f2" "$T/vol/dir/f"
mount --bind "$T/outside" "$T/vol/dst/m"
echo s > "$T/outside/secret"; echo x > "$T/outside/sub/x"
chmod 0640 "$T/outside/secret" "$T/outside/f2"; chown 0:0 "$T/outside/secret"
echo k > "$T/vol/dir/keep/k"
echo planted > "$T/src/m/planted"
for nostatx in 0 1; do
	export VOLINIT_TEST_NO_STATX=$nostatx
	ok -e "chmod -R 0700 $T/vol/dir"
	err_has "another mount"
	mode_is "$T/outside/secret" 640
	mode_is "$T/outside/f2" 640
	mode_is "$T/outside" 755
	mode_is "$T/vol/dir/keep/k" 700
	ok -e "chown -R 1:1 $T/vol/dir"
	owner_is "$T/outside/secret" 0:0
	owner_is "$T/outside/sub/x" 0:0
	owner_is "$T/vol/dir/keep/k" 1:1
	# copy: a mount in the source is not copied, one in the destination
	# not written through
	ok -e "copy $T/vol/dir $T/copy$nostatx"
	err_has "another mount"
	[ -f "$T/copy$nostatx/keep/k" ] || fail "copy: keep/k missing"
	absent "$T/copy$nostatx/m/secret"
	absent "$T/copy$nostatx/f"
	ok -e "copy $T/src $T/vol/dst"
	err_has "another mount"
	absent "$T/outside/planted"
done
# remove: refused at the mount, what is outside untouched
expect_rc 1 -e "remove $T/vol/dir"
err_has "a mount"
[ -f "$T/outside/secret" ] && [ -f "$T/outside/sub/x" ] || fail "remove went into the bind mount"
VOLINIT_TEST_NO_STATX=1 expect_rc 1 -e "remove $T/vol/dir"
[ -f "$T/outside/secret" ] && [ -f "$T/outside/sub/x" ] || fail "remove (no statx) went into the bind mount"
