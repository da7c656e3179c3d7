# The shipped static binary carries no test knob (src/knobs.h): they are
# compiled into the test builds only. Where knobs exist they work: the
# knob build forced to the O_NOFOLLOW walk still refuses a planted link.
if ! file -L "$VOLINIT" | grep -q 'static'; then
	echo "SKIP: $VOLINIT is not the static build (the knobs belong in test builds)"
	exit 77
fi
! strings "$VOLINIT" | grep -q 'VOLINIT_TEST_' ||
    fail "the shipped binary holds a test knob: $(strings "$VOLINIT" | grep VOLINIT_TEST_ | head -3)"
[ -n "${VOLINIT_KNOBS:-}" ] || { echo "SKIP: no VOLINIT_KNOBS build given"; exit 77; }
strings "$VOLINIT_KNOBS" | grep -q 'VOLINIT_TEST_NO_OPENAT2' ||
    fail "$VOLINIT_KNOBS lacks the knobs"
mkdir -p "$T/vol" "$T/out"
ln -s "$T/out" "$T/vol/link"
VOLINIT_TEST_NO_OPENAT2=1 expect_rc 5 -e "root $T/vol" -e "write $T/vol/link/x y"
absent "$T/out/x"
