#!/bin/bash
# Assemble a shell-free root filesystem from this machine's Debian packages:
#   bash examples/entrypoints/mkroot.sh EXAMPLE-DIR OUT-DIR PATH-TO-VOLINIT
# reads EXAMPLE-DIR/rootfs.list and writes OUT-DIR/rootfs/ (the files) and
# OUT-DIR/Dockerfile (EXAMPLE-DIR's, which is `FROM scratch` + `COPY rootfs/ /`),
# so `docker build OUT-DIR` makes the image. Needs the packages installed on
# the host (tests/install-deps.sh with VOLINIT_E2E_DEPS=1 does it).
#
# rootfs.list, one directive a line (# comments):
#   pkg NAME [PATTERN...]  the files `dpkg -L NAME` lists (those matching one
#                          of the shell PATTERNs, default all), less docs, man
#                          pages, translations, init scripts and systemd units
#   file PATH...           host files or whole directories, as they are
#   exclude PATTERN...     never copy a path matching PATTERN
#   user NAME [UID GID]    NAME's /etc/passwd line and its groups from the host,
#                          or NAME with these ids (the official images' 999:999)
#   dir PATH MODE          an empty directory
#   link PATH TARGET       a symbolic link
#   put SRC DEST [MODE]    SRC (relative to EXAMPLE-DIR) at DEST
#   edit FILE SED-EXPR     a build-time edit of a copied file, as the official
#                          Dockerfiles do (`sed -ri EXPR FILE`)
#   sh                     /bin/sh -> /volinit (volinit's `sh -c` for programs
#                          that popen(): initdb)
# Every ELF file copied brings the shared libraries `ldd` lists (and the
# links leading to them). A file starting with `#!` is never copied: there is
# no interpreter for it. /volinit is PATH-TO-VOLINIT; /etc/passwd and
# /etc/group hold root and the `user` lines; /tmp is 1777; /lib, /lib64 are
# the merged-/usr links; /bin is a real directory holding at most `sh`.
set -euo pipefail
if [ $# -ne 3 ] || [ ! -f "$1/rootfs.list" ] || [ ! -x "$3" ]; then
	echo "usage: $0 EXAMPLE-DIR OUT-DIR PATH-TO-VOLINIT" >&2
	exit 2
fi
EX=$(cd "$1" && pwd)
OUT=$2
VOLINIT=$(readlink -f "$3")
R=$OUT/rootfs
rm -rf "$R"
mkdir -p "$R"

excl=(
	'/usr/share/doc/*' '/usr/share/man/*' '/usr/share/locale/*' '/usr/share/info/*'
	'/usr/share/lintian/*' '/usr/share/bug/*' '/usr/share/bash-completion/*'
	'/usr/share/apport/*' '/etc/init.d/*' '/etc/logrotate.d/*' '/etc/default/*'
	'/lib/systemd/*' '/usr/lib/systemd/*' '/etc/apparmor.d/*' '/etc/cron.d/*'
	'/usr/lib/tmpfiles.d/*' '/usr/lib/sysusers.d/*' '/etc/ufw/*'
)
declare -A seen=()
elves=()
scripts=0

excluded() {
	local p
	for p in "${excl[@]}"; do
		# shellcheck disable=SC2053
		[[ $1 == $p ]] && return 0
	done
	return 1
}

# canon PATH: PATH with its directory part resolved (/lib/x/libc.so.6 is
# /usr/lib/x/libc.so.6 on merged-/usr Debian) and its last component kept.
declare -A dirs=()
canon() {
	local d=${1%/*}
	[ -z "$d" ] && d=/
	if [ -z "${dirs[$d]:-}" ]; then
		dirs[$d]=$(readlink -f "$d")
	fi
	canonical="${dirs[$d]%/}/${1##*/}"
}

# magic PATH: the first bytes of a file (no NUL in the ones we look at).
magic() {
	m=
	LC_ALL=C IFS= read -r -n 4 -d '' m <"$1" || true
}

# add PATH: copy one host path (a link, then what it leads to).
add() {
	local p t
	canon "$1"
	p=$canonical
	[ -n "${seen[$p]:-}" ] && return 0
	seen[$p]=1
	excluded "$p" && return 0
	if [ -L "$p" ]; then
		mkdir -p "$R${p%/*}"
		cp -a "$p" "$R$p"
		t=$(readlink "$p")
		case $t in /*) ;; *) t=${p%/*}/$t ;; esac
		add "$t"
	elif [ -d "$p" ]; then
		mkdir -p "$R$p"
	elif [ -f "$p" ]; then
		magic "$p"
		if [ "${m:0:2}" = '#!' ]; then
			scripts=$((scripts + 1))
			return 0
		fi
		mkdir -p "$R${p%/*}"
		cp -a "$p" "$R$p"
		if [ "$m" = $'\x7fELF' ]; then elves+=("$p"); fi
	fi
	return 0
}

addtree() {
	local f
	if [ -d "$1" ] && [ ! -L "$1" ]; then
		while IFS= read -r f; do add "$f"; done < <(find "$1" \( -type f -o -type l \))
	else
		add "$1"
	fi
}

pkg() {
	local name=$1 f p ok
	shift
	[ $# -eq 0 ] && set -- '*'
	dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q 'install ok installed' || {
		echo "mkroot: package $name is not installed (apt-get install $name)" >&2
		exit 1
	}
	while IFS= read -r f; do
		[ -d "$f" ] && [ ! -L "$f" ] && continue
		ok=
		for p in "$@"; do
			# shellcheck disable=SC2053
			[[ $f == $p ]] && { ok=1; break; }
		done
		if [ -n "$ok" ]; then add "$f"; fi
	done < <(dpkg -L "$name")
}

passwd_lines=$'root:x:0:0:root:/root:/usr/sbin/nologin\n'
group_lines=$'root:x:0:\n'
user() {
	local pw gid g
	pw=$(getent passwd "$1") || { echo "mkroot: no user $1 on this machine" >&2; exit 1; }
	if [ $# -eq 3 ]; then
		IFS=: read -r _ _ _ _ g h _ <<<"$pw"
		passwd_lines+="$1:x:$2:$3:$g:$h:/usr/sbin/nologin"$'\n'
		group_lines+="$1:x:$3:"$'\n'
		return 0
	fi
	IFS=: read -r _ _ _ gid _ <<<"$pw"
	# the login shell is no business of an image without one
	passwd_lines+="${pw%:*}:/usr/sbin/nologin"$'\n'
	g=$(getent group "$gid")
	group_lines+="${g%:*}:"$'\n'
	for g in $(id -Gn "$1"); do
		[ "$(getent group "$g" | cut -d: -f3)" = "$gid" ] && continue
		group_lines+="$(getent group "$g" | cut -d: -f1-3):$1"$'\n'
	done
}

edits=()
puts=()
withsh=
set -f  # the patterns are for [[ == ]], not for this shell's globbing
lines=()
while IFS= read -r line; do
	while [[ $line == *\\ ]] && IFS= read -r more; do
		line="${line%\\} $more"
	done
	lines+=("$line")
	read -r verb args <<<"$line"
	# shellcheck disable=SC2086
	if [ "$verb" = exclude ]; then excl+=($args); fi
done <"$EX/rootfs.list"
for line in "${lines[@]}"; do
	read -r verb args <<<"$line"
	case $verb in '' | '#'*) continue ;; esac
	# shellcheck disable=SC2086
	set -- $args
	case $verb in
	pkg) pkg "$@" ;;
	file) for f; do addtree "$f"; done ;;
	exclude) ;;
	user) user "$@" ;;
	dir) mkdir -p "$R$1" && chmod "$2" "$R$1" ;;
	link) mkdir -p "$R$(dirname "$1")" && ln -sfn "$2" "$R$1" ;;
	put) puts+=("$args") ;;
	edit) edits+=("$args") ;;
	sh) withsh=1 ;;
	*) echo "mkroot: $EX/rootfs.list: unknown directive '$verb'" >&2; exit 1 ;;
	esac
done
set +f

# The libraries every ELF file needs, and the links that lead to them.
if [ ${#elves[@]} -gt 0 ]; then
	while IFS= read -r lib; do add "$lib"; done < <(
		ldd "${elves[@]}" 2>/dev/null |
		    awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u)
fi

for e in "${edits[@]}"; do
	f=${e%% *}
	sed -ri -e "${e#* }" "$R$f"
done
for p in "${puts[@]}"; do
	# shellcheck disable=SC2086
	set -- $p
	mkdir -p "$R$(dirname "$2")"
	cp "$EX/$1" "$R$2"
	chmod "${3:-0644}" "$R$2"
done

# The skeleton: merged-/usr links for the loader's paths, /bin only for sh.
for l in lib lib64 sbin; do
	[ -d "$R/usr/$l" ] && [ ! -e "$R/$l" ] && ln -s "usr/$l" "$R/$l"
done
mkdir -p "$R/etc" "$R/tmp" "$R/run" "$R/var" "$R/root"
chmod 1777 "$R/tmp"
chmod 0700 "$R/root"
[ -e "$R/var/run" ] || ln -s /run "$R/var/run"
printf '%s' "$passwd_lines" >"$R/etc/passwd"
printf '%s' "$group_lines" >"$R/etc/group"
printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n' >"$R/etc/nsswitch.conf"
cp "$VOLINIT" "$R/volinit"
chmod 0755 "$R/volinit"
if [ -n "$withsh" ]; then
	mkdir -p "$R/bin"
	ln -sfn /volinit "$R/bin/sh"
fi
cp "$EX/Dockerfile" "$OUT/Dockerfile"
echo "mkroot: $R: $(find "$R" | wc -l) entries, $(du -sk "$R" | cut -f1) KiB," \
    "${#elves[@]} ELF files, $scripts scripts left out"
