#!/bin/sh
# Install what building and testing volinit needs on a fresh Debian machine
# (as root). Quick no-op when everything is there already.
set -eu
need=""
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
for p in make gcc clang musl-tools libcmocka-dev file gettext-base golang-go golang-github-masterminds-sprig-dev groff-base \
    hyperfine busybox-static time valgrind python3 iproute2 util-linux; do
	have "$p" || need="$need $p"
done
# The arm64 cross-build (clang, lld, Debian's aarch64 musl and the cross
# gcc's crt and libgcc), its tests under qemu-user, and strace for the
# seccomp profile's system calls (shared/CONTAINERS.md).
for p in clang lld musl-dev:arm64 gcc-aarch64-linux-gnu qemu-user-static strace; do
	have "$p" || need="$need $p"
done
if [ -n "${VOLINIT_E2E_DEPS:-}" ]; then
	# and the servers tests/e2e/entrypoints.sh puts in shell-free images,
	# with the clients that talk to them from the host
	for p in docker.io docker-compose podman catatonit \
	    postgresql-15 postgresql-client-15 redis-server redis-tools nginx-light \
	    mariadb-server mariadb-client curl; do
		have "$p" || need="$need $p"
	done
fi
[ -z "$need" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: need root to install:$need" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
apt-get update -qq
apt-get install -y -qq --no-install-recommends $need >/dev/null
