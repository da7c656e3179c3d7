# Helpers for CLI cases: each case is a bash script in tests/cli/cases/ run
# with $VOLINIT (the static binary, absolute path) and $T (a fresh temp
# directory, removed afterwards). A case fails at its first failed check.
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }

# vi ARGS...: run volinit, keep stdout in $T/.out, stderr in $T/.err, the
# exit code in $rc. Never fails by itself.
# A case that sets a test knob (VOLINIT_TEST_NO_*, src/knobs.h) runs the
# build that has them, $VOLINIT_KNOBS; the shipped binary has none.
knob_bin() {
	if [ -n "${VOLINIT_TEST_NO_OPENAT2:-}${VOLINIT_TEST_NO_STATX:-}${VOLINIT_TEST_NO_FCHMODAT2:-}" ] &&
	    [ -n "${VOLINIT_KNOBS:-}" ]; then
		echo "$VOLINIT_KNOBS"
	else
		echo "$VOLINIT"
	fi
}
vi() {
	set +e
	"$(knob_bin)" "$@" >"$T/.out" 2>"$T/.err"
	rc=$?
	set -e
}
# expect_rc N ARGS...: run volinit and require exit code N.
expect_rc() {
	local want=$1; shift
	vi "$@"
	[ "$rc" = "$want" ] || fail "exit $rc, want $want: volinit $*
--- stderr:
$(cat "$T/.err")"
}
ok() { expect_rc 0 "$@"; }
# err_has TEXT: stderr contains TEXT (fixed string).
err_has() { grep -qF -- "$1" "$T/.err" || fail "stderr lacks '$1':
$(cat "$T/.err")"; }
err_lacks() { ! grep -qF -- "$1" "$T/.err" || fail "stderr has '$1':
$(cat "$T/.err")"; }
out_is() { [ "$(cat "$T/.out")" = "$1" ] || fail "stdout is '$(cat "$T/.out")', want '$1'"; }
# content FILE TEXT: the file holds exactly TEXT (no newline added).
content() { [ -f "$1" ] && [ "$(cat "$1"; echo x)" = "$2x" ] || fail "content of $1 is '$(cat "$1" 2>&1)', want '$2'"; }
mode_is() { [ "$(stat -c %a "$1")" = "$2" ] || fail "mode of $1 is $(stat -c %a "$1"), want $2"; }
owner_is() { [ "$(stat -c %u:%g "$1")" = "$2" ] || fail "owner of $1 is $(stat -c %u:%g "$1"), want $2"; }
absent() { [ ! -e "$1" ] && [ ! -L "$1" ] || fail "$1 exists"; }
is_link() { [ -L "$1" ] || fail "$1 is not a symlink"; }
summary_changed() { grep -q "steps: $1 changed" "$T/.err" || fail "summary is not '$1 changed':
$(cat "$T/.err")"; }
no_temp_files() { ! find "$1" -name '.volinit.*' | grep -q . || fail "temp files left in $1"; }
as_root() { [ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }; }
# disk_snap DIR: remember every entry under DIR (name, inode, mode, owner,
# size, type, mtime, ctime); disk_same DIR: fail when any of it changed
# (a dry run must change nothing, not even a directory's times).
disk_snap() { find "$1" -printf '%p %i %m %U:%G %s %Y %T@ %C@\n' | sort > "$T/.snap"; }
disk_same() {
	find "$1" -printf '%p %i %m %U:%G %s %Y %T@ %C@\n' | sort > "$T/.snap2"
	cmp -s "$T/.snap" "$T/.snap2" || fail "the disk changed under $1:
$(diff "$T/.snap" "$T/.snap2")"
}
# user_fixture: passwd and group files for the privilege-drop cases
# (user vt 4242:4243 in groups vt2 4244 and vt3 4245), exported as
# $VOLINIT_PASSWD and $VOLINIT_GROUP, which volinit reads instead of /etc's.
user_fixture() {
	cat > "$T/passwd" <<'X'
root:x:0:0:root:/root:/bin/sh
vt:x:4242:4243:volinit test:/home/vt:/bin/sh
X
	cat > "$T/group" <<'X'
root:x:0:
vt:x:4243:
vt2:x:4244:other,vt
vt3:x:4245:vt
X
	export VOLINIT_PASSWD="$T/passwd" VOLINIT_GROUP="$T/group"
}
# ids UID GID GROUPS LINE: what the probe prints from /proc/self/status
ids() { printf 'Uid:\t%s\t%s\t%s\t%s\nGid:\t%s\t%s\t%s\t%s\nGroups:\t%s\n%s' \
    $1 $1 $1 $1 $2 $2 $2 $2 "$3" "$4"; }
