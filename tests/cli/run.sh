#!/bin/bash
# Run every CLI case against the static binary; print "N passed, M failed".
# An aarch64 binary on another machine runs under qemu-user (make test-arm64):
# through binfmt_misc when it is registered, else through a wrapper script
# that execs qemu-aarch64-static; the cases in qemu-skip need what qemu-user
# does not emulate and are skipped by name, each printed with its reason.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
# The build with the test knobs (src/knobs.h) for the cases that set one.
if [ -n "${VOLINIT_KNOBS:-}" ]; then
	VOLINIT_KNOBS=$(cd "$(dirname "$VOLINIT_KNOBS")" && pwd)/$(basename "$VOLINIT_KNOBS")
	export VOLINIT_KNOBS
else
	echo "note: no VOLINIT_KNOBS build: the cases that force a fallback run $(basename "$1") as it is (its own kernel decides which path runs)"
fi
cd "$(dirname "$0")"
lib=$PWD/lib.sh
pass=0 failn=0 skip=0 failed=""
skips=""
wrap=""
real=$bin
if [ "$(uname -m)" != aarch64 ] && od -An -tx1 -j18 -N2 "$bin" 2>/dev/null | grep -q 'b7 00'; then
	if [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
		echo "cli: aarch64 binary, run through binfmt_misc (qemu-aarch64)"
	else
		command -v qemu-aarch64-static >/dev/null ||
		    { echo "cli: aarch64 binary and no qemu-aarch64-static (apt-get install qemu-user-static)"; exit 1; }
		wrap=$(mktemp -d /tmp/volinit-cli-qemu.XXXXXX)
		trap 'rm -rf "$wrap"' EXIT
		printf '#!/bin/sh\nexec %s %s "$@"\n' "$(command -v qemu-aarch64-static)" "$bin" >"$wrap/volinit"
		chmod 755 "$wrap/volinit" "$wrap"
		echo "cli: aarch64 binary, run through $wrap/volinit (exec qemu-aarch64-static)"
		bin=$wrap/volinit
	fi
	skips=$(sed -n 's/^\([a-z0-9_]*\): .*/\1/p' qemu-skip)
	# Which calls of a write under root and a chmod this qemu does not know
	# (ENOSYS to volinit, which then takes its fallback): said, not hidden.
	if command -v qemu-aarch64-static >/dev/null; then
		q=$(mktemp -d /tmp/volinit-cli-probe.XXXXXX)
		unk=$(qemu-aarch64-static -strace "$real" -q -e "root $q" \
		    -e "write $q/d/f x" -e "chmod -R 0700 $q/d" 2>&1 |
		    sed -n 's/.*Unknown syscall \([0-9]*\).*/\1/p' | sort -un |
		    sed 's/^437$/openat2/; s/^452$/fchmodat2/; s/^435$/clone3/; s/^436$/close_range/' | paste -sd, -)
		rm -rf "$q"
		echo "cli: note: $(qemu-aarch64-static --version | head -1) answers ENOSYS to: ${unk:-nothing probed}; the cases run volinit's fallbacks there"
	fi
fi
for c in cases/${CLI_ONLY:-*}.sh; do
	[ -f "$c" ] || continue	# CLI_ONLY naming a golden case
	n=$(basename "$c" .sh)
	# CLI_SKIP_RE: a caller's own skips (tests/seccomp_audit.sh)
	if [ -n "${CLI_SKIP_RE:-}" ] && [[ $n =~ $CLI_SKIP_RE ]]; then
		skip=$((skip + 1))
		echo "skip $n: CLI_SKIP_RE"
		continue
	fi
	if printf '%s\n' $skips | grep -qx "$n"; then
		skip=$((skip + 1))
		echo "skip $(grep "^$n: " qemu-skip)"
		continue
	fi
	T=$(mktemp -d /tmp/volinit-cli.XXXXXX)
	out=$(cd "$T" && VOLINIT="$bin" T="$T" LIB="$lib" CLI_CASE="$n" \
	    bash -e -c '. "$LIB"; . "$0"' "$OLDPWD/$c" 2>&1)
	r=$?
	chmod -R u+rwX "$T" 2>/dev/null; rm -rf "$T"
	if [ $r = 0 ]; then pass=$((pass + 1))
	elif [ $r = 77 ]; then skip=$((skip + 1))
	else failn=$((failn + 1)); failed="$failed $c"; echo "--- $c"; echo "$out"; fi
done
# Golden cases: golden/NAME/cmd is a bash snippet calling `volinit ARGS`
# in a fresh $T (after golden/NAME/setup, if any); its stdout, stderr and
# exit code must equal golden/NAME/{stdout,stderr,rc} byte for byte (a
# missing file: empty, and 0), with $T shown as @T@ and "(N ms)" timings
# as "(@ ms)". A reworded, doubled or extra line fails the case.
# CLI_GOLDEN_UPDATE=1 writes the files from what the binary does now.
golden_norm() { sed -e "s#$T#@T@#g" -e 's/([0-9]* ms)/(@ ms)/g' -e 's/"ms":[0-9]*/"ms":@/g'; }
for g in golden/${CLI_ONLY:-*}/; do
	[ -f "$g/cmd" ] || continue
	n=$(basename "$g")
	if printf '%s\n' $skips | grep -qx "$n"; then
		skip=$((skip + 1)); continue
	fi
	T=$(mktemp -d /tmp/volinit-cli.XXXXXX)
	(cd "$T" && export T && volinit() { "$bin" "$@"; } &&
	    { [ ! -f "$OLDPWD/$g/setup" ] || . "$OLDPWD/$g/setup"; } &&
	    { . "$OLDPWD/$g/cmd"; echo $? > "$T/.golden-rc"; }) \
	    > "$T/.golden-out" 2> "$T/.golden-err"
	r=0
	for f in stdout stderr rc; do
		case $f in stdout) got=$T/.golden-out ;; stderr) got=$T/.golden-err ;;
		rc) got=$T/.golden-rc ;; esac
		golden_norm < "$got" > "$got.n"
		if [ -n "${CLI_GOLDEN_UPDATE:-}" ]; then
			if [ -s "$got.n" ] && ! { [ $f = rc ] && [ "$(cat "$got.n")" = 0 ]; }; then
				cp "$got.n" "$g/$f"
			else
				rm -f "$g/$f"
			fi
		fi
		want=$g/$f
		[ -f "$want" ] || want=/dev/null
		if [ $f = rc ] && [ ! -f "$g/rc" ]; then
			[ "$(cat "$got.n")" = 0 ] && continue
		elif cmp -s "$want" "$got.n"; then
			continue
		fi
		[ $r = 0 ] && echo "--- $g"
		echo "$f differs:"; diff "$want" "$got.n" | head -20
		r=1
	done
	rm -rf "$T"
	if [ $r = 0 ]; then pass=$((pass + 1))
	else failn=$((failn + 1)); failed="$failed $g"; fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "cli: $pass passed, $failn failed, $skip skipped"
[ $failn = 0 ]
