# check --seccomp: a Docker/Kubernetes seccomp profile (JSON) allowing only
# the system calls of the plan's step families (src/seccomp.c); names valid
# on each architecture. tests/seccomp_audit.sh proves the lists against
# strace of the whole suite; tests/e2e runs the Compose example under one.
prof() { # PROFILE-FILE ARCH: the names allowed on ARCH (amd64|arm64)
	python3 - "$1" "$2" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
assert p["defaultAction"] == "SCMP_ACT_ERRNO", p["defaultAction"]
assert p["architectures"] == ["SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64"], p["architectures"]
for s in p["syscalls"]:
    assert s["action"] == "SCMP_ACT_ALLOW", s
    assert set(s) <= {"names", "action", "includes"}, s
    if sys.argv[2] in s.get("includes", {}).get("arches", [sys.argv[2]]):
        print("\n".join(s["names"]))
PY
}
has() { grep -qx "$2" "$1" || fail "$(basename "$1") lacks $2"; }
lacks() { ! grep -qx "$2" "$1" || fail "$(basename "$1") has $2"; }
gen() { # NAME PLAN-STEP...: $T/NAME.amd64, $T/NAME.arm64
	local n=$1; shift
	local a=()
	for s in "$@"; do a+=(-e "$s"); done
	ok check --seccomp "${a[@]}"
	prof "$T/.out" amd64 >"$T/$n.amd64" || fail "$n: not a profile: $(cat "$T/.out")"
	prof "$T/.out" arm64 >"$T/$n.arm64" || fail "$n: not a profile"
}

# Variables only: the base set. execve is there in every profile: the
# container runtime execs /volinit with the filter already loaded.
echo s > "$T/s"
gen vars 'env A=1' "secret S $T/s"
err_has 'seccomp: system calls of base, runtime'
for a in amd64 arm64; do
	for c in execve exit_group write read rt_sigaction prctl mmap; do has "$T/vars.$a" $c; done
	for c in openat2 renameat setresuid setgroups pipe2 wait4 socket connect copy_file_range; do
		lacks "$T/vars.$a" $c
	done
done
has "$T/vars.amd64" arch_prctl
lacks "$T/vars.arm64" arch_prctl
has "$T/vars.amd64" open
lacks "$T/vars.arm64" open      # aarch64 has only openat
lacks "$T/vars.arm64" stat

# Files: resolution beneath roots, atomic writes.
gen files "root $T" "write $T/a x" "symlink $T/l a"
err_has 'seccomp: system calls of base, runtime, files'
for c in openat2 renameat linkat flock fsync getrandom fchmod fchownat unlinkat; do
	has "$T/files.amd64" $c; has "$T/files.arm64" $c
done
lacks "$T/files.amd64" fork; lacks "$T/files.amd64" execveat
lacks "$T/files.amd64" copy_file_range   # trees only

# Trees, templates, wait, processes.
gen trees "copy $T/a $T/b" "chown -R 1 $T/b"
has "$T/trees.amd64" copy_file_range; has "$T/trees.arm64" syncfs
echo 'x=${A}' > "$T/t"
gen tmpl "render $T/t $T/o"
err_has 'seccomp: system calls of base, runtime, files, templates'
lacks "$T/tmpl.amd64" copy_file_range
gen wait 'wait tcp db:5432'
for c in socket connect getsockopt sendto recvfrom; do has "$T/wait.amd64" $c; has "$T/wait.arm64" $c; done
has "$T/wait.amd64" poll; has "$T/wait.arm64" ppoll; lacks "$T/wait.arm64" poll
lacks "$T/wait.amd64" openat2

# Only a plan that runs something may fork, drop privileges, close fds.
gen run 'run user=1:1 -- /bin/true'
err_has 'seccomp: system calls of base, runtime, processes'
for c in setgroups setresgid setresuid pipe2 wait4 close_range kill execve; do
	has "$T/run.amd64" $c; has "$T/run.arm64" $c
done
has "$T/run.amd64" fork; has "$T/run.arm64" clone; lacks "$T/run.arm64" fork
for p in vars files trees tmpl wait; do
	for c in fork clone setresuid setgroups close_range; do lacks "$T/$p.amd64" $c; done
done
gen exec 'exec -- /bin/true'
has "$T/exec.amd64" setresuid

# Every name exists on its architecture (musl's syscall tables; fchmodat2,
# Linux 6.6, is newer than Debian 12's musl and has the number 452 on both).
for a in amd64:x86_64 arm64:aarch64; do
	h=/usr/include/${a#*:}-linux-musl/bits/syscall.h
	[ -f "$h" ] || continue
	cat "$T"/*."${a%:*}" | sort -u | while read -r c; do
		[ "$c" = fchmodat2 ] || grep -q "define __NR_$c[[:space:]]" "$h" ||
		    fail "$c is no ${a#*:} system call ($h)"
	done
done

# One at a time, and only with check.
expect_rc 2 check --caps --seccomp -e 'env A=1'
err_has 'without --caps'
expect_rc 2 --seccomp -e 'env A=1'
err_has '--seccomp goes with check'
# A plan that does not load prints no profile.
expect_rc 3 check --seccomp -e 'mkdir /x mdoe=0700'
out_is ''
