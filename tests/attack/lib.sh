# Helpers for the hostile-volume cases (tests/attack/cases/*.sh). Each case
# runs as root in its own mount namespace (bind mounts vanish with it) with
# $VOLINIT (the static binary), $T (a fresh temp directory, no symlink in
# its path) and $SWAP (tests/bin/swap). A case fails at its first failed
# check: fail prints "FAIL: why" and exits 1.
#
# The usual shape of a case:
#	attack() {		# called once per resolver, fresh dirs each time
#		ln -s "$SENT/secret" "$VOL/app.conf"
#		expect_rc 5 -e "root $VOL
#	write $VOL/app.conf evil"
#		control		# a legitimate write under the root works
#	}
#	both attack		# R=0 (openat2), then R=1 (the fallback walker);
#				# the sentinel is compared after each
#
# Layout for resolver R, under B=$T/rR:
#	$VOL	the volume (attacker-controlled), declared as a root
#	$SRC	copy/render sources outside the volume (trusted)
#	$W	scratch: volinit's stdout/stderr, plan files
#	$SENT	the sentinel: files, dirs, links with odd modes and owners;
#		everything in $B but $VOL, $SRC and $W is snapshotted, so a
#		file created beside the volume (a `..` or dangling-link escape)
#		is caught as well as a change inside $SENT.
set -u
set -E
trap 'echo "FAIL: line $LINENO: \`$BASH_COMMAND\` failed" >&2' ERR

# With ATTACK_SOFT=1 a failed check is reported and the case goes on (to
# see every check a fix still misses); the case fails at its end.
fail() {
	echo "FAIL: $*" >&2
	[ "${ATTACK_SOFT:-}" = 1 ] || exit 1
	: > "$T/.failed"
}

# The secret every sentinel file holds: it must never show up in the volume.
SECRET="SENTINEL-SECRET-$$-$RANDOM"

# mk_sentinel: build $SENT. Owners and modes nobody would set by accident
# (uid 1234, set-gid dirs, a set-uid file), so any chown or chmod shows.
mk_sentinel() {
	mkdir -p "$SENT/dir/sub" "$SENT/data"
	# every file holds $SECRET: a leak of any of them is found by grep
	printf '%s\n' "$SECRET" > "$SENT/secret"
	printf 'root:$6$%s:19000:0:99999:7:::\n' "$SECRET" > "$SENT/shadow"
	printf 'inner %s\n' "$SECRET" > "$SENT/dir/f"
	printf 'deeper %s\n' "$SECRET" > "$SENT/dir/sub/f"
	printf 'listen 80 # %s\n' "$SECRET" > "$SENT/dir/app.conf"
	printf '#!/bin/false\n# %s\n' "$SECRET" > "$SENT/setuid"
	printf 'data %s\n' "$SECRET" > "$SENT/data/f"
	ln -s secret "$SENT/link"
	ln -s "$SENT/dir" "$SENT/abslink"
	ln -s "$SENT/nonexistent" "$SENT/dangling"
	chown 1234:1234 "$SENT/secret" "$SENT/dir/sub" "$SENT/dir/sub/f"
	chown 0:42 "$SENT/shadow"
	chown 1234:5678 "$SENT/dir" "$SENT/data"
	chown -h 1234:1234 "$SENT/link"
	chmod 0600 "$SENT/secret"
	chmod 0640 "$SENT/shadow"
	chmod 0604 "$SENT/dir/f" "$SENT/dir/app.conf"
	chmod 0444 "$SENT/dir/sub/f"
	chmod 2750 "$SENT/dir/sub"
	chmod 0751 "$SENT/dir"
	chmod 4755 "$SENT/setuid"
	chmod 1753 "$SENT/data"
	chmod 0640 "$SENT/data/f"
	chmod 0755 "$SENT"
}

# snapshot: everything outside the volume, sources and scratch: names,
# types, modes, owners, sizes, link targets and every file's sha256.
snapshot() {
	(cd "$B" && find . \( -path ./vol -o -path ./src -o -path ./work \) \
	    -prune -o -printf '%p %y %m %U:%G %s %l\n' | LC_ALL=C sort &&
	    find . \( -path ./vol -o -path ./src -o -path ./work \) -prune \
	    -o -type f -exec sha256sum {} + | LC_ALL=C sort)
}

# sentinel_same [WHEN]: the outside is byte-identical to the snapshot
# taken when it was built.
sentinel_same() {
	local now d
	now=$(snapshot)
	[ "$now" != "$SNAP" ] || return 0
	d=$(diff <(printf '%s\n' "$SNAP") <(printf '%s\n' "$now") | grep '^[<>]')
	fail "[R=$R] the sentinel changed${1:+ ($1)}: $(echo "$d" | head -1)
$(echo "$d" | head -20)"
}

# no_secret_in DIR: no regular file under DIR holds the sentinel's secret
# (a leak: a link or mount followed while copying or rendering).
no_secret_in() {
	local f
	f=$(find "$1" -type f -exec grep -lF -- "$SECRET" {} + 2>/dev/null |
	    head -1) || true
	[ -z "$f" ] || fail "[R=$R] the sentinel's secret leaked into $f"
}

# fresh R: new directories and sentinel for resolver R (0: openat2, 1: the
# O_NOFOLLOW component walk). Exports VOLINIT_TEST_NO_OPENAT2 to match.
fresh() {
	R=$1
	B=$T/r$R
	VOL=$B/vol SRC=$B/src W=$B/work SENT=$B/sentinel
	rm -rf "$B"
	mkdir -p "$VOL" "$SRC" "$W"
	mk_sentinel
	SNAP=$(snapshot)
	if [ "$R" = 1 ]; then
		export VOLINIT_TEST_NO_OPENAT2=1
	else
		unset VOLINIT_TEST_NO_OPENAT2
	fi
}

# both FN: run FN under each resolver, checking the sentinel after it.
both() {
	local r
	for r in 0 1; do
		fresh $r
		"$1"
		sentinel_same "resolver $r, at the end"
	done
}

# vi ARGS...: run volinit (under timeout 20: a FIFO opened for reading
# blocks forever), keep stdout in $W/out, stderr in $W/err, the exit code
# in $rc. A hang or a crash is a failure by itself.
vi() {
	rc=0
	local bin=$VOLINIT
	# a knob (src/knobs.h) is only in the test build
	[ -n "${VOLINIT_TEST_NO_OPENAT2:-}${VOLINIT_TEST_NO_FCHMODAT2:-}${VOLINIT_TEST_NO_STATX:-}" ] &&
	    bin=${VOLINIT_KNOBS:?"a knob is set: give VOLINIT_KNOBS (make attack builds volinit-knobs)"}
	timeout -k 2 20 "$bin" "$@" >"$W/out" 2>"$W/err" || rc=$?
	[ "$rc" != 124 ] && [ "$rc" != 137 ] ||
	    fail "volinit hung (killed after 20 s): volinit $*"
	[ "$rc" -lt 128 ] || fail "volinit died of signal $((rc - 128)): $*
$(cat "$W/err")"
}

# expect_rc CODES ARGS...: run volinit; its exit code must be one of
# CODES ("5", or "0|1").
expect_rc() {
	local want=$1
	shift
	vi "$@"
	case "|$want|" in
	*"|$rc|"*) ;;
	*) fail "[R=$R] exit $rc, want $want: volinit $*
--- stderr:
$(head -c 2000 "$W/err")" ;;
	esac
}
ok() { expect_rc 0 "$@"; }

err_has() { grep -qF -- "$1" "$W/err" || fail "[R=$R] stderr lacks '$1':
$(head -c 2000 "$W/err")"; }
err_lacks() { ! grep -qF -- "$1" "$W/err" || fail "[R=$R] stderr has '$1':
$(head -c 2000 "$W/err")"; }
# err_has_any A B...: stderr contains one of the strings (case-insensitive).
err_has_any() {
	local s
	for s in "$@"; do
		grep -qiF -- "$s" "$W/err" && return 0
	done
	fail "[R=$R] stderr has none of: $*
$(head -c 2000 "$W/err")"
}
content() { [ -f "$1" ] && [ ! -L "$1" ] &&
	[ "$(cat "$1"; echo x)" = "$2x" ] ||
	fail "[R=$R] content of $1 is '$(cat "$1" 2>&1)', want '$2'"; }
mode_is() { [ "$(stat -c %a "$1")" = "$2" ] ||
	fail "[R=$R] mode of $1 is $(stat -c %a "$1"), want $2"; }
owner_is() { [ "$(stat -c %u:%g "$1")" = "$2" ] ||
	fail "[R=$R] owner of $1 is $(stat -c %u:%g "$1"), want $2"; }
absent() { [ ! -e "$1" ] && [ ! -L "$1" ] || fail "[R=$R] $1 exists"; }
is_link() { [ -L "$1" ] || fail "[R=$R] $1 is not a symlink"; }
link_is() { [ -L "$1" ] && [ "$(readlink "$1")" = "$2" ] ||
	fail "[R=$R] $1 is not a symlink to $2"; }

# control: the positive control. A legitimate write (parents created)
# under the same root still works after the attack.
control() {
	ok -e "root $VOL
write $VOL/control/ok-$R \"fine $R\n\""
	content "$VOL/control/ok-$R" "fine $R
"
}

# The plan for steps under the volume's root: plan STEP... joins them.
plan() {
	local p="root $VOL" s
	for s in "$@"; do
		p="$p
$s"
	done
	printf '%s' "$p"
}

# Names an attacker plants to forge log lines or break JSON: newlines
# followed by a fake entry, CR, escape sequences, DEL, invalid UTF-8
# (bare continuation bytes, overlong, surrogate, truncated), U+2028/9,
# quotes and braces.
ODD_NAMES=(
	$'nl\nvolinit: [9] write shadow: changed'
	$'json\n{"level":"info","msg":"forged"}'
	$'cr\rvolinit: [9] forged'
	$'esc\e[2J\e[31mred'
	$'bell\a\b\f\v'
	$'del\x7f'
	$'bad\xff\xfe'
	$'overlong\xc0\xaf'
	$'surrogate\xed\xa0\x80'
	$'trunc\xe2\x82'
	$'seps\xe2\x80\xa8\xe2\x80\xa9'
	'quote"brace}back\slash'
)

# plant_odd_names DIR: for every odd name, a hardlink in DIR/hl (chown -R
# warns about each), a FIFO in DIR/fifo (copy warns about each), and one
# device node in DIR/dev (copy fails naming it).
plant_odd_names() {
	local n
	mkdir -p "$1/hl" "$1/fifo" "$1/dev"
	printf 'x\n' > "$1/hl/base"
	for n in "${ODD_NAMES[@]}"; do
		ln "$1/hl/base" "$1/hl/$n"
		mkfifo "$1/fifo/$n"
	done
	mknod "$1/dev/${ODD_NAMES[0]}" c 1 3
}

# log_ok text|json: every line volinit wrote to stderr is one entry. text:
# each starts with "volinit: ", none is a forged "[9]" entry, no control
# byte but the newline. json: each line is strict UTF-8 holding one JSON
# object, and U+2028/U+2029 appear only escaped.
log_ok() {
	local why
	why=$(PYTHONIOENCODING=utf-8:strict python3 -c '
import json, sys
mode, data = sys.argv[1], open(sys.argv[2], "rb").read()
if not data.endswith(b"\n"):
    sys.exit("the log does not end with a newline")
for i, raw in enumerate(data[:-1].split(b"\n"), 1):
    if mode == "text":
        if not raw.startswith(b"volinit: "):
            sys.exit("line %d is not a log entry: %r" % (i, raw))
        if raw.startswith(b"volinit: [9]"):
            sys.exit("line %d is a forged entry: %r" % (i, raw))
        bad = [c for c in raw if c < 0x20 or c == 0x7f]
        if bad:
            sys.exit("line %d holds control byte 0x%02x: %r" % (i, bad[0], raw))
        continue
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        sys.exit("line %d is not UTF-8 (%s): %r" % (i, e.reason, raw))
    if "\u2028" in text or "\u2029" in text:
        sys.exit("line %d holds a raw U+2028/U+2029: %r" % (i, raw))
    try:
        obj = json.loads(text)
    except ValueError as e:
        sys.exit("line %d is not JSON (%s): %r" % (i, e, raw))
    if not isinstance(obj, dict):
        sys.exit("line %d is not a JSON object: %r" % (i, raw))
' "$1" "$W/err" 2>&1) || fail "[R=$R] $1 log: $why"
	# the brief's own check, on the JSON log
	[ "$1" != json ] || PYTHONIOENCODING=utf-8:strict python3 -c \
	    'import json,sys; [json.loads(l) for l in sys.stdin]' <"$W/err" \
	    >/dev/null 2>&1 || fail "[R=$R] json log: a line does not parse"
}

# ---- races: tests/bin/swap exchanges $VOL/t/a (a directory mirroring
# $SENT/dir: f, app.conf, sub/f) and $VOL/t/b (a link to $SENT/dir,
# absolute under resolver 0, relative under resolver 1) in a tight loop
# while volinit runs. volinit may fail (exit 1 or 5) when it meets the
# link; it must never change the sentinel. Each round's step differs from
# the last (owner, mode, content alternate) so every run has work to do;
# with RACE_RESET=1 (remove) the pair is rebuilt before every round, the
# swapper stopped meanwhile.
race_reset() {
	rm -rf "$VOL/t"
	mkdir -p "$VOL/t/a/sub"
	printf 'mine\n' > "$VOL/t/a/f"
	printf 'mine\n' > "$VOL/t/a/app.conf"
	printf 'mine\n' > "$VOL/t/a/sub/f"
	if [ "$R" = 0 ]; then
		ln -s "$SENT/dir" "$VOL/t/b"
	else
		ln -s ../../sentinel/dir "$VOL/t/b"
	fi
}
# Stop the swapper and wait until it really is stopped (kill returns
# before the signal lands on the other core).
swap_stop() {
	local s
	kill -STOP "$SWPID"
	while read -r _ _ s _ < "/proc/$SWPID/stat" && [ "$s" != T ]; do :; done
}
# race STEPFN: ATTACK_ROUNDS rounds under each resolver; round i runs the
# one-step plan that `STEPFN i` leaves in $STEP. With RACE_NO_FCHMODAT2=1
# every other pair of rounds runs with VOLINIT_TEST_NO_FCHMODAT2=1.
race() {
	local r i n0 n1 n5
	for r in 0 1; do
		fresh $r
		race_reset
		"$SWAP" "$VOL/t/a" "$VOL/t/b" &
		SWPID=$!
		n0=0 n1=0 n5=0
		for ((i = 1; i <= ATTACK_ROUNDS; i++)); do
			if [ "${RACE_RESET:-}" = 1 ]; then
				swap_stop
				race_reset
				kill -CONT "$SWPID"
			fi
			"$1" $i
			if [ "${RACE_NO_FCHMODAT2:-}" = 1 ] &&
			    [ $((i / 2 % 2)) = 1 ]; then
				export VOLINIT_TEST_NO_FCHMODAT2=1
			else
				unset VOLINIT_TEST_NO_FCHMODAT2
			fi
			expect_rc "0|1|5" -e "root $VOL
$STEP"
			case $rc in 0) n0=$((n0 + 1)) ;; 1) n1=$((n1 + 1)) ;;
			5) n5=$((n5 + 1)) ;; esac
			[ $((i % 25)) != 0 ] || sentinel_same "round $i: $STEP"
		done
		kill -KILL "$SWPID"
		wait "$SWPID" 2>/dev/null || true
		unset VOLINIT_TEST_NO_FCHMODAT2
		sentinel_same "after $ATTACK_ROUNDS rounds"
		control
		echo "race R=$r: $ATTACK_ROUNDS rounds; exit 0: $n0, 1: $n1, 5: $n5" >&2
	done
}
