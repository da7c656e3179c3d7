#!/bin/bash
# End-to-end: the official images' docker-entrypoint.sh scripts as volinit
# plans (examples/entrypoints/), running the real servers from Debian's
# packages in FROM scratch images that hold no shell.
#   bash tests/e2e/entrypoints.sh ./volinit [postgres|redis|nginx|mariadb|pod]...
# (all five when none is named). Per server: the image is assembled by
# examples/entrypoints/mkroot.sh and `docker export` shows no shell; a first
# `docker run` initialises and a host client gets an answer as configured; a
# restart converges (0 changed); flags after the image name reach the server;
# another command runs without initialising; a missing password file is a
# one-line error, a non-zero exit, and no server. `pod` plays the distroless
# postgres Pod (examples/entrypoints/postgres/pod.yaml) with podman and
# checks the init container's work on the volume and psql through the Pod
# network (it shares the postgres image with `postgres`: built once a run).
# A plan that `volinit check` refuses fails every check of that server,
# naming what it lacks (volinit check's own words). Each section ends with
# its time in seconds (the CI budget: about a minute a server).
# Needs root, dockerd (started here when none answers, and stopped), podman
# for `pod`, and the Debian packages tests/install-deps.sh installs with
# VOLINIT_E2E_DEPS=1. Ports are published on 127.0.0.1 only. Everything it
# makes is named after this run and removed at the end.
set -u
if [ $# -lt 1 ] || [ ! -x "$1" ]; then
	echo "usage: $0 PATH-TO-VOLINIT [postgres|redis|nginx|mariadb|pod]..." >&2
	exit 2
fi
BIN=$(readlink -f "$1")
shift
WHICH=${*:-postgres redis nginx mariadb pod}
E2E=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$E2E/../.." && pwd)
# VOLINIT_EP_EXAMPLES: another examples directory of the same shape (to try
# variants of the plans)
EX=${VOLINIT_EP_EXAMPLES:-$TOP/examples/entrypoints}
ID=$(date +%s)$$
WORK=$(mktemp -d /tmp/volinit-ep.XXXXXX)
P=volinit-ep-$ID                # every container, volume, image and pod name
DOCKERD_PID=
pass=0 failn=0 failed=""
PG_SETUP=                       # the postgres image: "" not made yet, else pg_setup's status
figures=""

DOCKER=docker
[ -x /usr/bin/docker ] && DOCKER=/usr/bin/docker
export DOCKER_BUILDKIT=0

say() { printf '%s\n' "$*"; }
ok() { pass=$((pass + 1)); say "ok   $1"; }
nok() {
	failn=$((failn + 1)); failed="$failed
  $1"; say "FAIL $1"; shift
	for l in "$@"; do say "     $l"; done
}
is() { if [ "$2" = "$3" ]; then ok "$1"; else nok "$1" "got '$2', want '$3'"; fi; }
expect() {
	if grep -qE -- "$3" "$2" 2>/dev/null; then ok "$1"
	else nok "$1" "no line of $(basename "$2") matches /$3/"; show "$2"; fi
}
reject() {
	if ! grep -qE -- "$3" "$2" 2>/dev/null; then ok "$1"
	else nok "$1" "$(basename "$2") has: $(grep -m1 -E -- "$3" "$2")"; fi
}
show() {
	for f in "$@"; do
		[ -s "$f" ] || continue
		say "     --- $(basename "$f") (last 25 lines)"
		tail -n 25 "$f" | sed 's/^/     | /'
	done
}
SECTION= SECTION_T0=
# section TITLE: the previous section's time, then TITLE
section() {
	[ -n "$SECTION" ] && say "time $SECTION: $(( ($(now_ms) - SECTION_T0 + 500) / 1000 )) s"
	SECTION=${1%% (*} SECTION_T0=$(now_ms)
	[ -n "$*" ] && { say ""; say "== $*"; }
}
figure() { figures="$figures
  $*"; }
now_ms() { date +%s%3N; }

cleanup() {
	set +e
	section "cleanup"
	if $DOCKER info >/dev/null 2>&1; then
		for c in $($DOCKER ps -aq --filter "name=^$P-"); do $DOCKER rm -f -v "$c" >/dev/null; done
		for v in $($DOCKER volume ls -q --filter "name=^$P-"); do $DOCKER volume rm "$v" >/dev/null; done
		for i in $($DOCKER images --format '{{.Repository}}:{{.Tag}}' | grep "^$P-"); do
			$DOCKER rmi -f "$i" >/dev/null
		done
	fi
	if command -v podman >/dev/null 2>&1 && [ -f "$WORK/pod/pod.yaml" ]; then
		(cd "$WORK/pod" && podman kube down pod.yaml) >/dev/null 2>&1
		podman pod rm -f "$P-pg" >/dev/null 2>&1
		for v in $(podman volume ls -q 2>/dev/null | grep "^$P-"); do podman volume rm -f "$v" >/dev/null; done
		podman rmi -f "localhost/$P-postgres:1" >/dev/null 2>&1
	fi
	if [ -n "$DOCKERD_PID" ]; then
		kill "$DOCKERD_PID" 2>/dev/null
		for _ in $(seq 30); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.5; done
		say "stopped the dockerd this run started (pid $DOCKERD_PID)"
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

section "engine"
if ! $DOCKER info >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ] && command -v dockerd >/dev/null; then
		dockerd >"$WORK/dockerd.log" 2>&1 &
		DOCKERD_PID=$!
		for _ in $(seq 60); do $DOCKER info >/dev/null 2>&1 && break; sleep 0.5; done
	fi
fi
if ! $DOCKER info >/dev/null 2>&1; then
	nok "the Docker engine answers" "no dockerd: VOLINIT_E2E_DEPS=1 sh tests/install-deps.sh, then dockerd &"
	say ""; say "entrypoints: $pass passed, $failn failed"; exit 1
fi
ok "the Docker engine answers ($($DOCKER version -f '{{.Server.Version}}'))"

# features PLAN: what `volinit check` finds wrong with the plan, one line
# each (the plan's own text at the error's line:col). The image mounts the
# example's directory at /etc/volinit, so the plan is checked with
# /etc/volinit read as that directory (tests/examples_check.sh does the
# same); a user only the image has (postgres, redis, mysql) is no problem.
features() {
	local plan=$1 out line col text
	sed "s#/etc/volinit#$(cd "$(dirname "$plan")" && pwd)#g" "$plan" >"$WORK/check.plan"
	out=$("$BIN" check -f "$WORK/check.plan" 2>&1) && return 0
	out=$(printf '%s\n' "$out" | grep -vE '^volinit: check: .* found$' |
	    grep -vE "unknown (user|group) '[a-z_][a-z0-9_-]*' \(not in [^)]*\)$")
	[ -z "$out" ] && return 0
	printf '%s\n' "$out" | while IFS= read -r l; do
		case $l in
		volinit:\ "$WORK/check.plan":[0-9]*) ;;
		*) printf '%s\n' "$l"; continue ;;   # no line:col to point at
		esac
		line=$(printf '%s' "$l" | sed -E 's/^volinit: [^:]*:([0-9]+):([0-9]+): .*/\1/')
		col=$(printf '%s' "$l" | sed -E 's/^volinit: [^:]*:([0-9]+):([0-9]+): .*/\2/')
		case $l in *"after '\${'"*) col=$((col > 2 ? col - 2 : 1)) ;; esac
		text=$(sed -n "${line}p" "$plan" | cut -c"$col"- | cut -c1-40)
		l=${l#volinit: }
		printf '%s  [at: %s]\n' "$plan${l#"$WORK/check.plan"}" "$text"
	done
	return 1
}

# gate NAME CHECK...: copy examples/entrypoints/NAME to $WORK/NAME.src, the
# image's source. When volinit check refuses the plan (or the Pod's
# init-plan), that is a failure naming each problem, and every CHECK fails
# too (it cannot run on the plan as written). Returns 1 then.
gate() {
	local name=$1 miss lines f bad=
	shift
	rm -rf "$WORK/$name.src" && cp -r "$EX/$name" "$WORK/$name.src"
	for f in plan init-plan; do
		[ -f "$EX/$name/$f" ] || continue
		if miss=$(features "$EX/$name/$f"); then
			ok "$name: volinit check accepts $f"
			continue
		fi
		mapfile -t lines <<<"$miss"
		nok "$name: volinit check accepts $f (written to SPEC's Entrypoint language)" "${lines[@]}"
		bad=1
	done
	if [ -n "$bad" ]; then
		for c in "$@"; do nok "$name: $c" "waits on the plan's problems above"; done
		return 1
	fi
	return 0
}
# image NAME: assemble and build; the export holds no shell.
image() {
	local name=$1 img=$P-$1:1 t0 c
	t0=$(now_ms)
	if bash "$EX/mkroot.sh" "$WORK/$name.src" "$WORK/$name" "$BIN" >"$WORK/$name.mkroot" 2>&1 &&
	    $DOCKER build -q -t "$img" "$WORK/$name" >"$WORK/$name.build" 2>&1; then
		ok "$name: mkroot.sh + docker build FROM scratch ($(( $(now_ms) - t0 )) ms; $(tail -1 "$WORK/$name.mkroot" | sed 's/^mkroot: [^:]*: //'))"
	else
		nok "$name: mkroot.sh + docker build FROM scratch"; show "$WORK/$name.mkroot" "$WORK/$name.build"
		return 1
	fi
	c=$($DOCKER create --name "$P-$name-export" "$img")
	$DOCKER export "$c" >"$WORK/$name.tar"
	$DOCKER rm -v "$c" >/dev/null
	tar -tvf "$WORK/$name.tar" >"$WORK/$name.list"
	# no shell of any name: only /bin/sh as a link to /volinit, where asked
	if awk '{ n = $6; sub(/.*\//, "", n) } n ~ /^(sh|bash|dash|ash|busybox|zsh|ksh|mksh|rbash)$/' \
	    "$WORK/$name.list" | grep -vE '^l.* bin/sh -> /volinit$' >"$WORK/$name.shells"; then
		nok "$name: docker export has no shell" "$(head -3 "$WORK/$name.shells")"
	else ok "$name: docker export has no sh, bash, dash, busybox"; fi
	if grep -q ' bin/sh -> /volinit$' "$WORK/$name.list"; then
		ok "$name: its /bin/sh is a link to /volinit (volinit's sh -c, for programs that popen)"
	fi
	mkdir -p "$WORK/$name.x" && tar -xf "$WORK/$name.tar" -C "$WORK/$name.x" 2>/dev/null
	if find "$WORK/$name.x" -type f -exec sh -c 'head -c2 "$1" | grep -q "^#!" && echo "$1"' _ {} \; |
	    head -3 >"$WORK/$name.scripts" && [ -s "$WORK/$name.scripts" ]; then
		nok "$name: no #! script in the image" "$(cat "$WORK/$name.scripts")"
	else ok "$name: no #! script in the image"; fi
	rm -rf "$WORK/$name.x" "$WORK/$name.tar"
	# sizes: the image against the installed size of the Debian packages its
	# files come from
	local isz pkgs dsz
	isz=$($DOCKER image inspect -f '{{.Size}}' "$img")
	# (both spellings of a merged-/usr path: dpkg knows each file by one)
	pkgs=$(awk '$1 ~ /^[-l]/ && $6 !~ /^(volinit|etc\/(passwd|group|nsswitch.conf)|bin\/sh)$/ { print "/" $6 }' "$WORK/$name.list" |
	    while IFS= read -r f; do [ -d "$f" ] || printf '%s\n' "$f"; done |
	    sed -E 's#^/usr/(lib|lib64|sbin|bin)/(.*)#/usr/\1/\2\n/\1/\2#' |
	    xargs dpkg -S 2>/dev/null | sed 's/: .*//; s/, /\n/g' | sort -u)
	dsz=$(for p in $pkgs; do dpkg-query -W -f='${Installed-Size}\n' "$p"; done | awk '{ s += $1 } END { print s }')
	figure "$name: image $((isz / 1024 / 1024)) MiB; the $(echo $pkgs | wc -w) Debian packages its files come from: $((dsz / 1024)) MiB installed ($(echo $pkgs | tr ' ' ','))"
	return 0
}

# port CONTAINER PORT: the host port of CONTAINER's PORT on 127.0.0.1
port() { $DOCKER port "$1" "$2/tcp" | sed -n 's/^127\.0\.0\.1://p' | head -1; }

# until SECONDS CMD...: retry CMD every 0.2 s; 0 when it succeeded.
until_ok() {
	local end=$(( $(date +%s) + $1 ))
	shift
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.2
	done
}

# summary LOG: volinit's last summary line in LOG
summary() { grep -E '^volinit: [0-9]+ steps: ' "$1" | tail -1; }
# converged NAME LOG: the last run changed no file (its summary without a
# failure, no file step "changed"; args and exec count themselves as changed
# in the summary, env-like steps do not)
FILEVERBS='root|mkdir|copy|render|render-dir|write|ensure-line|set-key|replace|chmod|chown|symlink|remove'
converged() {
	local s
	s=$(summary "$2")
	if ! printf '%s' "$s" | grep -qE '^volinit: [0-9]+ steps: [0-9]+ changed, [0-9]+ unchanged, [0-9]+ skipped \([0-9]+ ms\)$'; then
		nok "$1" "summary: '${s:-none}'"; show "$2"
		return
	fi
	# the last run's step lines: those after the last-but-one summary
	awk '/^volinit: [0-9]+ steps: / { buf = ""; next } /^volinit: \[[0-9]+\] / { buf = buf $0 "\n" } END { printf "%s", buf }' "$2" >"$2.last"
	if grep -qE "^volinit: \[[0-9]+\] ($FILEVERBS) .*: changed" "$2.last"; then
		nok "$1" "$(grep -m1 -E "^volinit: \[[0-9]+\] ($FILEVERBS) .*: changed" "$2.last")"
	else ok "$1: no file changed ($s)"; fi
}
# envof CONTAINER: PID 1's environment, one per line (read on the host)
envof() { tr '\0' '\n' <"/proc/$($DOCKER inspect -f '{{.State.Pid}}' "$1")/environ"; }
# users CONTAINER: the user column of docker top
users() { $DOCKER top "$1" -o pid,user,args | tail -n +2 | sed -E 's/^ *[0-9]+ +//'; }
logs() { $DOCKER logs "$1" >"$2" 2>&1; }

# onefail NAME IMG WANT-ERE DOCKER-RUN-ARGS...: the run exits non-zero with
# one volinit error line matching WANT-ERE and nothing from the server.
onefail() {
	local name=$1 img=$2 want=$3 rc
	shift 3
	timeout 60 $DOCKER run --rm "$@" "$img" >"$WORK/$name.fail.out" 2>"$WORK/$name.fail.err"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 124 ]; then ok "$name: a missing password file: exit $rc"
	else nok "$name: a missing password file: non-zero exit" "exit $rc"; fi
	local errs
	errs=$(grep -cE '^volinit: /etc/volinit/plan:[0-9]+:[0-9]+: ' "$WORK/$name.fail.err")
	if [ "$errs" = 1 ] && grep -qE "^volinit: /etc/volinit/plan:[0-9]+:[0-9]+: .*$want" "$WORK/$name.fail.err"; then
		ok "$name: ... one error line: $(grep -E '^volinit: /etc/volinit/plan:' "$WORK/$name.fail.err")"
	else nok "$name: ... one error line naming $want" "$errs error lines"; show "$WORK/$name.fail.err"; fi
	if [ -s "$WORK/$name.fail.out" ] || grep -vE '^volinit: ' "$WORK/$name.fail.err" | grep -q .; then
		nok "$name: ... and the server never started" "output not from volinit:" \
		    "$(cat "$WORK/$name.fail.out"; grep -vE '^volinit: ' "$WORK/$name.fail.err" | head -3)"
	else ok "$name: ... and the server never started (volinit's lines only)"; fi
}

# ---------------------------------------------------------------- postgres
# pg_setup CHECK...: gate and image for postgres, once a run (t_postgres and
# t_pod share the image); 0 when both succeeded. A gate failure fails the
# CHECKs of whichever test came first; the image is still built then.
pg_setup() {
	if [ -z "$PG_SETUP" ]; then
		PG_SETUP=0
		gate postgres "$@" || PG_SETUP=1
		image postgres || PG_SETUP=2
	fi
	return "$PG_SETUP"
}
t_postgres() {
	section "postgres (examples/entrypoints/postgres)"
	local img=$P-postgres:1 c=$P-pg pw=pg-$ID-s3cret t0 t port
	pg_setup "first run initialises, psql with POSTGRES_PASSWORD_FILE answers" \
	    "restart converges" "flags reach the server (-c max_connections=42)" \
	    "another command runs without initialising" "a missing password file stops it" || return
	mkdir -p "$WORK/pgsecret" && printf '%s\n' "$pw" >"$WORK/pgsecret/pw"
	chmod 0644 "$WORK/pgsecret/pw"
	t0=$(now_ms)
	$DOCKER run -d --name "$c" -p 127.0.0.1::5432 -v "$P-pgdata:/var/lib/postgresql/data" \
	    -v "$WORK/pgsecret:/run/secrets:ro" -e POSTGRES_PASSWORD_FILE=/run/secrets/pw \
	    -e POSTGRES_DB=appdb -e POSTGRES_INITDB_ARGS="--data-checksums -E UTF8" "$img" >/dev/null
	port=$(port "$c" 5432)
	if until_ok 60 pg_isready -q -h 127.0.0.1 -p "$port"; then
		t=$(( $(now_ms) - t0 ))
		ok "postgres: first run: pg_isready after $t ms"
		figure "postgres: docker run to pg_isready, first run (initdb): $t ms"
	else nok "postgres: first run: pg_isready"; logs "$c" "$WORK/pg1.log"; show "$WORK/pg1.log"; return; fi
	logs "$c" "$WORK/pg1.log"
	is "postgres: psql as postgres with the file's password" \
	    "$(PGPASSWORD=$pw psql -h 127.0.0.1 -p "$port" -U postgres -d appdb -Atc 'select current_user || current_database()' 2>&1)" \
	    "postgresappdb"
	if PGPASSWORD=wrong psql -h 127.0.0.1 -p "$port" -U postgres -d appdb -Atc 'select 1' >/dev/null 2>&1; then
		nok "postgres: a wrong password is refused (pg_hba host rule, scram-sha-256)"
	else ok "postgres: a wrong password is refused (pg_hba host rule, scram-sha-256)"; fi
	is "postgres: POSTGRES_INITDB_ARGS word-split (--data-checksums)" \
	    "$(PGPASSWORD=$pw psql -h 127.0.0.1 -p "$port" -U postgres -d appdb -Atc 'show data_checksums' 2>&1)" "on"
	expect "postgres: initdb ran (its own output)" "$WORK/pg1.log" 'Success. You can now start the database server'
	expect "postgres: the server process is postgres's (999)" <(users "$c") '^999 +postgres'
	envof "$c" >"$WORK/pg1.env"
	expect "postgres: the server's environment has POSTGRES_DB" "$WORK/pg1.env" '^POSTGRES_DB=appdb$'
	reject "postgres: ... and neither POSTGRES_PASSWORD_FILE nor the password" "$WORK/pg1.env" "^POSTGRES_PASSWORD(_FILE)?=|$pw"
	# restart: the same container, the plan runs again on the initialised volume
	$DOCKER restart -t 10 "$c" >/dev/null
	until_ok 30 pg_isready -q -h 127.0.0.1 -p "$(port "$c" 5432)"
	logs "$c" "$WORK/pg2.log"
	converged "postgres: restart converges" "$WORK/pg2.log"
	is "postgres: initdb ran once" "$(grep -c 'Success. You can now start' "$WORK/pg2.log")" 1
	$DOCKER rm -f -v "$c" >/dev/null
	# flags: a new container on the same volume, arguments only
	t0=$(now_ms)
	$DOCKER run -d --name "$c-flags" -p 127.0.0.1::5432 -v "$P-pgdata:/var/lib/postgresql/data" \
	    -v "$WORK/pgsecret:/run/secrets:ro" -e POSTGRES_PASSWORD_FILE=/run/secrets/pw "$img" \
	    -c max_connections=42 >/dev/null
	port=$(port "$c-flags" 5432)
	if until_ok 30 pg_isready -q -h 127.0.0.1 -p "$port"; then
		figure "postgres: docker run to pg_isready, initialised volume: $(( $(now_ms) - t0 )) ms"
	fi
	is "postgres: docker run IMG -c max_connections=42: SHOW max_connections" \
	    "$(PGPASSWORD=$pw psql -h 127.0.0.1 -p "$port" -U postgres -d appdb -Atc 'show max_connections' 2>&1)" "42"
	logs "$c-flags" "$WORK/pg3.log"
	converged "postgres: a new container on the initialised volume converges" "$WORK/pg3.log"
	$DOCKER rm -f -v "$c-flags" >/dev/null
	# another command: runs, nothing prepared (the bind-mounted PGDATA stays empty)
	mkdir -p "$WORK/pgempty"
	is "postgres: docker run IMG pg_controldata --version" \
	    "$($DOCKER run --rm -v "$WORK/pgempty:/var/lib/postgresql/data" "$img" pg_controldata --version 2>&1 | grep -v '^volinit: ')" \
	    "$(/usr/lib/postgresql/15/bin/pg_controldata --version)"
	is "postgres: docker run IMG postgres --version (a help flag: nothing prepared)" \
	    "$($DOCKER run --rm -v "$WORK/pgempty:/var/lib/postgresql/data" "$img" postgres --version 2>&1 | grep -v '^volinit: ')" \
	    "$(/usr/lib/postgresql/15/bin/postgres --version)"
	is "postgres: ... and PGDATA stays empty" "$(ls -A "$WORK/pgempty" | wc -l)" 0
	onefail postgres "$img" 'POSTGRES_PASSWORD_FILE' -e POSTGRES_PASSWORD_FILE=/run/secrets/missing
}

# ---------------------------------------------------------------- redis
t_redis() {
	section "redis (examples/entrypoints/redis)"
	local img=$P-redis:1 c=$P-redis pw=rd-$ID-s3cret t0 t port
	gate redis "first run answers redis-cli -a with REDIS_PASSWORD_FILE" "restart converges" \
	    "flags reach the server (--maxmemory 5mb)" "another command runs without initialising" \
	    "a missing password file stops it" 
	local g=$?
	image redis || return
	[ $g = 0 ] || return
	mkdir -p "$WORK/rdsecret" && printf '%s\n' "$pw" >"$WORK/rdsecret/pw" && chmod 0644 "$WORK/rdsecret/pw"
	t0=$(now_ms)
	$DOCKER run -d --name "$c" -p 127.0.0.1::6379 -v "$P-rddata:/data" -v "$WORK/rdsecret:/run/secrets:ro" \
	    -e REDIS_PASSWORD_FILE=/run/secrets/pw "$img" --maxmemory 5mb >/dev/null
	port=$(port "$c" 6379)
	if until_ok 30 sh -c "redis-cli --no-auth-warning -a '$pw' -h 127.0.0.1 -p $port ping | grep -qx PONG"; then
		t=$(( $(now_ms) - t0 ))
		ok "redis: redis-cli -a (the file's password) ping: PONG after $t ms"
		figure "redis: docker run to PONG: $t ms"
	else nok "redis: redis-cli -a ping"; logs "$c" "$WORK/rd1.log"; show "$WORK/rd1.log"; return; fi
	is "redis: docker run IMG --maxmemory 5mb: CONFIG GET maxmemory" \
	    "$(redis-cli --no-auth-warning -a "$pw" -h 127.0.0.1 -p "$port" config get maxmemory | tail -1)" 5242880
	is "redis: without the password: NOAUTH" \
	    "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>&1 | cut -c1-6)" "NOAUTH"
	expect "redis: the server process is redis's (999)" <(users "$c") '^999 +redis-server'
	reject "redis: the password is not in the server's arguments" <(users "$c") "$pw"
	redis-cli --no-auth-warning -a "$pw" -h 127.0.0.1 -p "$port" save >/dev/null
	is "redis: umask 0077: the dump is 0600" \
	    "$($DOCKER cp "$c:/data/dump.rdb" - | tar -tvf - | awk '{print $1}')" "-rw-------"
	$DOCKER restart -t 10 "$c" >/dev/null
	until_ok 30 sh -c "redis-cli --no-auth-warning -a '$pw' -h 127.0.0.1 -p $(port "$c" 6379) ping | grep -qx PONG"
	logs "$c" "$WORK/rd2.log"
	converged "redis: restart converges" "$WORK/rd2.log"
	$DOCKER rm -f -v "$c" >/dev/null
	$DOCKER run --rm -v "$P-rdother:/data" "$img" /volinit version >"$WORK/rd3.out" 2>&1
	expect "redis: docker run IMG /volinit version (another command)" "$WORK/rd3.out" '^volinit [0-9]'
	reject "redis: ... and nothing was prepared (no requirepass.conf, no chown)" "$WORK/rd3.out" '(write|chown) '
	$DOCKER volume rm "$P-rdother" >/dev/null 2>&1
	onefail redis "$img" 'REDIS_PASSWORD_FILE' -e REDIS_PASSWORD_FILE=/run/secrets/missing
}

# ---------------------------------------------------------------- nginx
t_nginx() {
	section "nginx (examples/entrypoints/nginx)"
	local img=$P-nginx:1 c=$P-nginx t0 t port body
	gate nginx "first run: curl of the page rendered from NGINX_* with \$host intact" "restart converges" \
	    "flags reach the server" "another command runs without rendering" \
	    "an unwritable conf.d stops it" 
	local g=$?
	image nginx || return
	[ $g = 0 ] || return
	t0=$(now_ms)
	$DOCKER run -d --name "$c" -p 127.0.0.1::80 -e NGINX_HOST=example.test -e NGINX_GREETING=bonjour \
	    "$img" >/dev/null
	port=$(port "$c" 80)
	if until_ok 30 curl -fsS "http://127.0.0.1:$port/hello"; then
		t=$(( $(now_ms) - t0 ))
		ok "nginx: curl answers after $t ms"
		figure "nginx: docker run to the first page: $t ms"
	else nok "nginx: curl answers"; logs "$c" "$WORK/ng1.log"; show "$WORK/ng1.log"; return; fi
	body=$(curl -fsS -H 'Host: asked.test' "http://127.0.0.1:$port/hello")
	is "nginx: the page rendered from NGINX_* with \$host and \$request_uri nginx's own" \
	    "$body" "bonjour from example.test:80, host=asked.test uri=/hello"
	expect "nginx: workers run as www-data (the master as root, as in the official image)" \
	    <(users "$c") '^www-data +nginx: worker process'
	$DOCKER restart -t 10 "$c" >/dev/null
	until_ok 30 curl -fsS "http://127.0.0.1:$(port "$c" 80)/hello"
	logs "$c" "$WORK/ng2.log"
	converged "nginx: restart converges" "$WORK/ng2.log"
	$DOCKER rm -f -v "$c" >/dev/null
	$DOCKER run --rm -e NGINX_HOST=example.test -e NGINX_GREETING=bonjour "$img" nginx -T >"$WORK/ng-T.out" 2>&1
	expect "nginx: docker run IMG nginx -T: the flag reaches nginx, which dumps the rendered conf.d" \
	    "$WORK/ng-T.out" 'return 200 "bonjour from example.test:80, host=\$host uri=\$request_uri'
	$DOCKER run --name "$c-other" "$img" /volinit version >"$WORK/ng3.out" 2>&1
	expect "nginx: docker run IMG /volinit version (another command)" "$WORK/ng3.out" '^volinit [0-9]'
	is "nginx: ... and nothing was rendered into conf.d" \
	    "$($DOCKER cp "$c-other:/etc/nginx/conf.d" - | tar -tf - | grep -c '\.conf$')" 0
	$DOCKER rm -f -v "$c-other" >/dev/null
	timeout 30 $DOCKER run --rm --read-only "$img" >"$WORK/ng4.out" 2>"$WORK/ng4.err"
	local rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -qE '^volinit: /etc/volinit/plan:[0-9]+:[0-9]+: .*conf\.d' "$WORK/ng4.err" &&
	    ! grep -q 'nginx' "$WORK/ng4.out"; then
		ok "nginx: a read-only conf.d: exit $rc, one error line, nginx never started"
	else nok "nginx: a read-only conf.d stops it (exit $rc)"; show "$WORK/ng4.err"; fi
}

# ---------------------------------------------------------------- mariadb
t_mariadb() {
	section "mariadb (examples/entrypoints/mariadb)"
	local img=$P-mariadb:1 c=$P-mariadb pw=md-$ID-s3cret t0 t port my
	gate mariadb "first run: mariadb -e 'select 1' with MARIADB_ROOT_PASSWORD_FILE" "restart converges" \
	    "flags reach the server (--max-connections=42)" "another command runs without initialising" \
	    "a missing password file stops it" 
	local g=$?
	image mariadb || return
	[ $g = 0 ] || return
	mkdir -p "$WORK/mdsecret" && printf '%s\n' "$pw" >"$WORK/mdsecret/pw" && chmod 0644 "$WORK/mdsecret/pw"
	t0=$(now_ms)
	$DOCKER run -d --name "$c" -p 127.0.0.1::3306 -v "$P-mddata:/var/lib/mysql" -v "$WORK/mdsecret:/run/secrets:ro" \
	    -e MARIADB_ROOT_PASSWORD_FILE=/run/secrets/pw -e MARIADB_DATABASE=appdb -e MARIADB_USER=app \
	    -e MARIADB_PASSWORD=app-pw "$img" >/dev/null
	port=$(port "$c" 3306)
	my() { mariadb --protocol=tcp -h 127.0.0.1 -P "$port" -N -B "$@"; }
	if until_ok 90 my -uroot -p"$pw" -e 'select 1'; then
		t=$(( $(now_ms) - t0 ))
		ok "mariadb: mariadb -uroot -p(the file's password) -e 'select 1' after $t ms"
		figure "mariadb: docker run to select 1, first run (bootstrap): $t ms"
	else nok "mariadb: mariadb -e 'select 1'"; logs "$c" "$WORK/md1.log"; show "$WORK/md1.log"; return; fi
	is "mariadb: MARIADB_USER gets MARIADB_DATABASE" "$(my -uapp -papp-pw appdb -e 'select database()' 2>&1)" "appdb"
	if my -uroot -pwrong -e 'select 1' >/dev/null 2>&1; then nok "mariadb: a wrong root password is refused"
	else ok "mariadb: a wrong root password is refused"; fi
	is "mariadb: no anonymous or host-named root left" \
	    "$(my -uroot -p"$pw" -e "select count(*) from mysql.user where user='' or (user='root' and host not in ('localhost','%'))" 2>&1)" 0
	expect "mariadb: the server process is mysql's (999)" <(users "$c") '^999 +mariadbd'
	envof "$c" >"$WORK/md1.env"
	reject "mariadb: passwords unset before exec" "$WORK/md1.env" "PASSWORD|$pw|ROOT_HOST"
	$DOCKER restart -t 20 "$c" >/dev/null
	port=$(port "$c" 3306)
	until_ok 60 my -uroot -p"$pw" -e 'select 1'
	logs "$c" "$WORK/md2.log"
	converged "mariadb: restart converges" "$WORK/md2.log"
	$DOCKER rm -f -v "$c" >/dev/null
	t0=$(now_ms)
	$DOCKER run -d --name "$c-flags" -p 127.0.0.1::3306 -v "$P-mddata:/var/lib/mysql" "$img" \
	    --max-connections=42 >/dev/null
	port=$(port "$c-flags" 3306)
	if until_ok 60 my -uroot -p"$pw" -e 'select 1'; then
		figure "mariadb: docker run to select 1, initialised volume: $(( $(now_ms) - t0 )) ms"
	fi
	is "mariadb: docker run IMG --max-connections=42: @@max_connections" \
	    "$(my -uroot -p"$pw" -e 'select @@max_connections' 2>&1)" 42
	$DOCKER rm -f -v "$c-flags" >/dev/null
	mkdir -p "$WORK/mdempty"
	$DOCKER run --rm -v "$WORK/mdempty:/var/lib/mysql" "$img" /volinit version >"$WORK/md3.out" 2>&1
	expect "mariadb: docker run IMG /volinit version (another command)" "$WORK/md3.out" '^volinit [0-9]'
	is "mariadb: ... and the datadir stays empty" "$(ls -A "$WORK/mdempty" | wc -l)" 0
	onefail mariadb "$img" 'MARIADB_ROOT_PASSWORD_FILE' -e MARIADB_ROOT_PASSWORD_FILE=/run/secrets/missing
}

# ---------------------------------------------------------------- pod
t_pod() {
	section "distroless postgres Pod (examples/entrypoints/postgres/pod.yaml, podman kube play)"
	local img=$P-postgres:1 y=$EX/postgres/pod.yaml pw=pod-$ID-s3cret port t0 since m want have c
	if ! command -v podman >/dev/null; then
		nok "pod: podman is installed" "VOLINIT_E2E_DEPS=1 sh tests/install-deps.sh"; return
	fi
	if [ -n "$PG_SETUP" ]; then
		pg_setup || { nok "pod: the postgres image and its plans" "see the postgres section"; return; }
	else
		pg_setup "pod: the init container initialises PGDATA, the app container serves it" || return
	fi
	# the init container is granted what `volinit check --caps` says the
	# init-plan needs (the securityContext below is played as written)
	want=$(cd "$EX/postgres" && "$BIN" check --caps init-plan 2>/dev/null | sed -n 's/^#   CAP_\([A-Z_]*\) .*/\1/p' | sort)
	have=$(awk '/^  initContainers:/ { on = 1 } /^  containers:/ { on = 0 } on && /add:/' "$y" |
	    grep -oE '"[A-Z_]+"' | tr -d '"' | sort)
	if [ -n "$want" ] && [ -z "$(comm -23 <(printf '%s\n' "$want") <(printf '%s\n' "$have"))" ]; then
		ok "pod: the init container's capabilities cover volinit check --caps init-plan ($(echo $want))"
	else nok "pod: the init container's capabilities cover volinit check --caps init-plan" \
	    "--caps: $(echo $want)" "pod.yaml: $(echo $have)"; fi
	# podman 4.3 needs its default ulimits lowered (shared/CONTAINERS.md)
	if ! grep -qs default_ulimits /etc/containers/containers.conf; then
		mkdir -p /etc/containers
		printf '[containers]\ndefault_ulimits = ["nofile=10000:10000","nproc=10000:10000"]\n' >>/etc/containers/containers.conf
	fi
	$DOCKER save "$img" | podman load -q >/dev/null 2>&1
	podman tag "$img" "localhost/$img" >/dev/null 2>&1
	mkdir -p "$WORK/pod/secret" && printf '%s\n' "$pw" >"$WORK/pod/secret/password" && chmod 0644 "$WORK/pod/secret/password"
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	# The local run changes only what podman 4.3 or this machine cannot take:
	# the image is this run's; names are unique (the emptyDir too: podman
	# names its volume after it); the Secret volume is a hostPath holding the
	# same file (podman cannot mount Secret volumes, shared/CONTAINERS.md);
	# restartPolicy Never, because podman 4.3 applies the Pod's Always to init
	# containers as well, re-running one that exited 0 until kube play
	# removes it, and re-running one that failed until it exits 0: a first
	# run that failed after initdb was hidden by a second that skipped the
	# rest. With Never, the init container runs once and a failure is
	# kube play's error. Every securityContext stays as written.
	sed -e "s#image: volinit-postgres:latest#image: localhost/$img#" \
	    -e "s#name: distroless-postgres\$#name: $P-pg#" \
	    -e "s#^spec:\$#spec:\n  restartPolicy: Never#" \
	    -e "s#- name: run\$#- name: $P-run#" \
	    -e "/^      secret:\$/{N;s#.*#      hostPath:\n        path: $WORK/pod/secret\n        type: Directory#}" \
	    -e "s#hostPort: 5432#hostPort: $port#" \
	    -e "s#claimName: postgres-data#claimName: $P-pgdata#" "$y" >"$WORK/pod/pod.yaml"
	since=$(date +%s)
	t0=$(now_ms)
	if (cd "$WORK/pod" && timeout 120 podman kube play pod.yaml) >"$WORK/pod/play.log" 2>&1; then
		ok "pod: podman kube play"
	else
		# a failed init container stays: its log says which step failed
		podman logs "$P-pg-init" >"$WORK/pod/init.log" 2>&1
		nok "pod: podman kube play"; show "$WORK/pod/play.log" "$WORK/pod/init.log"; return
	fi
	if until_ok 60 pg_isready -q -h 127.0.0.1 -p "$port"; then
		ok "pod: pg_isready on the app container"
		figure "pod: podman kube play to pg_isready (init container's initdb, then the server): $(( $(now_ms) - t0 )) ms"
	else nok "pod: pg_isready on the app container"; fi
	# podman 4.3 removes an init container once it exited 0 (its log and
	# exit code go with it): its events stay, and the volume shows its work.
	is "pod: the init container ran once and exited 0 (podman events: died)" \
	    "$(podman events --since "$since" --stream=false --filter "container=$P-pg-init" \
	        --filter event=died --format '{{.ContainerExitCode}}' 2>&1 | paste -sd' ')" 0
	m=$(podman volume inspect -f '{{.Mountpoint}}' "$P-pgdata" 2>/dev/null)
	is "pod: the volume: PGDATA 0700, owned by the postgres uid" "$(stat -c '%a %u' "$m" 2>&1)" "700 999"
	is "pod: ... PG_VERSION (initdb ran)" "$(cat "$m/PG_VERSION" 2>&1)" 15
	is "pod: ... pg_hba.conf ends with the host rule, still postgres's" \
	    "$(tail -1 "$m/pg_hba.conf" 2>&1) $(stat -c %u "$m/pg_hba.conf" 2>&1)" "host all all all scram-sha-256 999"
	reject "pod: ... and no password file left" <(ls -A "$m" 2>&1) 'pwfile'
	is "pod: the app container serves that volume" \
	    "$(podman inspect -f '{{range .Mounts}}{{if eq .Destination "/var/lib/postgresql/data"}}{{.Name}}{{end}}{{end}}' "$P-pg-postgres" 2>&1)" \
	    "$P-pgdata"
	c=$(PGPASSWORD=$pw psql -h 127.0.0.1 -p "$port" -U postgres -Atc 'select inet_client_addr()' 2>&1)
	is "pod: psql with the Secret's password (through the host rule: the client is $c, podman's network)" \
	    "$(PGPASSWORD=$pw psql -h 127.0.0.1 -p "$port" -U postgres -Atc 'select 42' 2>&1)" 42
	if PGPASSWORD=wrong psql -h 127.0.0.1 -p "$port" -U postgres -Atc 'select 1' >/dev/null 2>&1; then
		nok "pod: a wrong password is refused (scram-sha-256)"
	else ok "pod: a wrong password is refused (scram-sha-256)"; fi
	is "pod: POSTGRES_INITDB_ARGS reached initdb (data_checksums)" \
	    "$(PGPASSWORD=$pw psql -h 127.0.0.1 -p "$port" -U postgres -Atc 'show data_checksums' 2>&1)" on
	expect "pod: the app container runs postgres itself, no volinit" \
	    <(podman top "$P-pg-postgres" user args 2>&1) '^postgres +postgres'
}

for t in $WHICH; do
	case $t in
	postgres | redis | nginx | mariadb | pod) "t_$t" ;;
	*) nok "unknown test '$t'" ;;
	esac
done

section "figures"
SECTION=
say "${figures#?}"
say ""
if [ "$failn" -gt 0 ]; then say "failed:$failed"; fi
say "entrypoints: $pass passed, $failn failed"
[ "$failn" -eq 0 ]
