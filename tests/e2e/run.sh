#!/bin/bash
# End-to-end: volinit in real containers, the three ways it is used.
#   bash tests/e2e/run.sh ./volinit          (make e2e)
# 1. Kubernetes initContainer: `podman kube play` of k8s/nginx-podman.yaml
#    (the image FROM scratch, plan and templates from a ConfigMap, an emptyDir
#    shared with the app).
# 2. Docker Compose init service: compose/docker-compose.yml, the app depends
#    on it with service_completed_successfully; a failing plan keeps it down.
# 3. Embedded entrypoint: examples/postgres/Dockerfile copies /volinit into an
#    app image; volinit prepares PGDATA and execs the app as postgres (uid 1000).
# 4. The official entrypoints (postgres, redis, nginx, mariadb) as plans with
#    the real servers in shell-free images: tests/e2e/entrypoints.sh.
# Needs root, dockerd, docker-compose and podman (tests/install-deps.sh with
# VOLINIT_E2E_DEPS=1). Starts dockerd itself when none answers, and stops it.
# Everything it creates is named after this run and removed at the end.
set -u
if [ $# -lt 1 ] || [ ! -x "$1" ]; then
	echo "usage: $0 PATH-TO-VOLINIT (an executable)" >&2
	exit 2
fi
BIN=$(readlink -f "$1")
E2E=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$E2E/../.." && pwd)
ID=$(date +%s)$$
WORK=$(mktemp -d /tmp/volinit-e2e.XXXXXX)
VIMG=volinit-e2e:$ID            # the product image (Dockerfile at the top)
AIMG=volinit-e2e-app:$ID        # the reporting app, FROM scratch
PIMG=volinit-e2e-postgres:$ID   # examples/postgres/Dockerfile on the app image
POD=volinit-e2e-$ID
PROJ=volinite2e$ID
PROJBAD=volinite2ebad$ID
C3=volinit-e2e-pg-$ID
C3B=volinit-e2e-pgnopw-$ID
DOCKERD_PID=
PODS=""
pass=0 failn=0 failed=""

# Prefer the engine's own client (Debian's docker.io) and the classic builder:
# no buildx plugin, no registry, COPY --from a local image just works.
DOCKER=docker
[ -x /usr/bin/docker ] && DOCKER=/usr/bin/docker
export DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=0

say() { printf '%s\n' "$*"; }
ok() { pass=$((pass + 1)); say "ok   $1"; }
nok() {
	failn=$((failn + 1)); failed="$failed
  $1"; say "FAIL $1"; shift
	for l in "$@"; do say "     $l"; done
}
# expect NAME FILE ERE: some line of FILE matches.
expect() {
	if grep -qE -- "$3" "$2" 2>/dev/null; then ok "$1"
	else nok "$1" "no line of $(basename "$2") matches /$3/"; fi
}
# reject NAME FILE ERE: no line of FILE matches.
reject() {
	if ! grep -qE -- "$3" "$2" 2>/dev/null; then ok "$1"
	else nok "$1" "$(basename "$2") has: $(grep -m1 -E -- "$3" "$2")"; fi
}
# absent NAME FILE ERE: the app ran (its report is complete) and said nothing
# matching ERE, so an absence is not a pass by default.
absent() {
	if ! grep -q '^app: done$' "$2" 2>/dev/null; then nok "$1" "the app never ran"
	else reject "$@"; fi
}
# converged NAME LOG: a re-run's log: the summary has no failure and no file
# step reports "changed" (variable steps set variables afresh every run).
FILEVERBS='root|mkdir|copy|render|render-dir|write|ensure-line|chmod|chown|symlink|remove'
converged() {
	if ! grep -qE '^volinit: [0-9]+ steps: [0-9]+ changed, [0-9]+ unchanged, [0-9]+ skipped \([0-9]+ ms\)$' "$2"; then
		nok "$1" "no summary without failures in $(basename "$2")"
	elif grep -qE "^volinit: \[[0-9]+\] ($FILEVERBS) .*: changed" "$2"; then
		nok "$1" "$(grep -m1 -E "^volinit: \[[0-9]+\] ($FILEVERBS) .*: changed" "$2")"
	else ok "$1"; fi
}
# is NAME GOT WANT
is() {
	if [ "$2" = "$3" ]; then ok "$1"
	else nok "$1" "got '$2', want '$3'"; fi
}
# show FILE...: the files a failed section produced, for the log.
show() {
	for f in "$@"; do
		[ -s "$f" ] || continue
		say "     --- $(basename "$f") (first 60 lines)"
		sed -n '1,60s/^/     | /p' "$f"
	done
}
# section TITLE: the previous section's seconds (the CI budget), then TITLE
SECTION= SECTION_T0=
section() {
	[ -n "$SECTION" ] && say "time $SECTION: $(( $(date +%s) - SECTION_T0 )) s"
	SECTION=${1%% (*} SECTION_T0=$(date +%s)
	say ""; say "== $*"
}

cleanup() {
	set +e
	section "cleanup"
	if command -v podman >/dev/null && [ -f "$WORK/kube/pod.yaml" ]; then
		(cd "$WORK/kube" && podman kube down pod.yaml) >/dev/null 2>&1
		podman pod rm -f "$POD" >/dev/null 2>&1
		# podman 4.3 keeps a named volume per ConfigMap.
		podman volume rm -f "$POD-volinit" "$POD-api" >/dev/null 2>&1
		for n in $PODS; do
			(cd "$WORK/kube-$n" && podman kube down pod.yaml) >/dev/null 2>&1
		done
		podman pod rm -f "$POD-n" "$POD-c" >/dev/null 2>&1
		podman volume rm -f "$POD-n-nginx-volinit" "$POD-n-nginx-api" "$POD-c-app-volinit" \
		    "$POD-c-app-config" "$POD-c-app-tls" >/dev/null 2>&1
		podman rmi -f "localhost/$VIMG" "localhost/$AIMG" >/dev/null 2>&1
	fi
	if [ -n "${COMPOSE_UP:-}" ]; then
		for p in "$PROJ" "$PROJBAD"; do
			compose "$p" down -v --remove-orphans >/dev/null 2>&1
		done
	fi
	if $DOCKER info >/dev/null 2>&1; then
		$DOCKER rm -f "$C3" "$C3B" >/dev/null 2>&1
		$DOCKER volume rm "$C3-data" "$POD-work" >/dev/null 2>&1
		$DOCKER rmi -f "$PIMG" "$AIMG" "$VIMG" "$VIMG-arm64" >/dev/null 2>&1
	fi
	if [ -n "$DOCKERD_PID" ]; then
		kill "$DOCKERD_PID" 2>/dev/null
		for _ in $(seq 30); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.5; done
		say "stopped the dockerd this run started (pid $DOCKERD_PID)"
	fi
	rm -rf "$WORK"
}
finish() {
	local rc=$?
	cleanup
	say ""
	[ -n "$failed" ] && say "failed:$failed"
	say "e2e: $pass passed, $failn failed"
	[ "$failn" = 0 ] && [ "$rc" = 0 ] && exit 0
	exit 1
}
trap finish EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- the engines
section "engines"
[ "$(id -u)" = 0 ] || { nok "e2e needs root (dockerd, rootful podman)"; exit 1; }
missing=""
for t in dockerd docker-compose podman musl-gcc; do
	command -v $t >/dev/null || missing="$missing $t"
done
if [ -n "$missing" ]; then
	nok "tools present" "missing:$missing" \
	    "install them: VOLINIT_E2E_DEPS=1 sh tests/install-deps.sh"
	exit 1
fi
if ! $DOCKER info >/dev/null 2>&1; then
	dockerd >"/tmp/volinit-e2e-dockerd.$ID.log" 2>&1 &
	DOCKERD_PID=$!
	for _ in $(seq 60); do
		$DOCKER info >/dev/null 2>&1 && break
		kill -0 "$DOCKERD_PID" 2>/dev/null || break
		sleep 0.5
	done
	if ! $DOCKER info >/dev/null 2>&1; then
		nok "dockerd starts" "see /tmp/volinit-e2e-dockerd.$ID.log"
		tail -20 "/tmp/volinit-e2e-dockerd.$ID.log"
		exit 1
	fi
	say "started dockerd (pid $DOCKERD_PID, log /tmp/volinit-e2e-dockerd.$ID.log)"
fi
# Rootful podman fails every container with "error setting rlimit type 6/7"
# until its default limits are lowered (shared/CONTAINERS.md).
if [ ! -e /etc/containers/containers.conf ]; then
	mkdir -p /etc/containers
	printf '[containers]\ndefault_ulimits = ["nofile=10000:10000","nproc=10000:10000"]\n' \
	    >/etc/containers/containers.conf
	say "wrote /etc/containers/containers.conf (podman rlimit fix)"
fi
ok "docker $($DOCKER version --format '{{.Server.Version}}'), $(docker-compose version --short), $(podman --version)"

# ---------------------------------------------------------------- images
section "images"
if ! file "$BIN" | grep -q 'statically linked\|static-pie linked'; then
	nok "volinit is static" "$(file "$BIN")"
else ok "volinit is static"; fi
mkdir -p "$WORK/ctx-volinit" "$WORK/ctx-app"
cp "$BIN" "$WORK/ctx-volinit/volinit"
cp "$TOP/Dockerfile" "$WORK/ctx-volinit/"
VERSION=$("$BIN" version | cut -d' ' -f2)
REVISION=$(git -C "$TOP" rev-parse HEAD 2>/dev/null || echo unknown)
if $DOCKER build -q -t "$VIMG" --build-arg "VERSION=$VERSION" \
    --build-arg "REVISION=$REVISION" "$WORK/ctx-volinit" >"$WORK/build.log" 2>&1; then
	ok "docker build Dockerfile (FROM scratch)"
else nok "docker build Dockerfile (FROM scratch)"; show "$WORK/build.log"; exit 1; fi
# The image is the binary alone: one layer holding one file.
layers=$($DOCKER save "$VIMG" | tar -xO --wildcards '*/layer.tar' | tar -t | tr '\n' ' ')
is "image holds /volinit only" "$layers" "volinit "
is "image runs as 65532:65532 by default" "$($DOCKER image inspect -f '{{.Config.User}}' "$VIMG")" 65532:65532
L='{{index .Config.Labels "org.opencontainers.image.'
is "label version = volinit version" "$($DOCKER image inspect -f "${L}version\"}}" "$VIMG")" "$VERSION"
is "label revision = git HEAD" "$($DOCKER image inspect -f "${L}revision\"}}" "$VIMG")" "$REVISION"
for l in source licenses description; do
	v=$($DOCKER image inspect -f "$L$l\"}}" "$VIMG")
	if [ -n "$v" ] && [ "$v" != "<no value>" ]; then ok "label $l (${v:0:60})"
	else nok "label $l"; fi
done
# The arm64 image from the same Dockerfile, when the arm64 binary is built
# (make ARCH=arm64): no registry, no buildx; not run (no binfmt here).
if [ -x "$TOP/volinit-arm64" ]; then
	mkdir -p "$WORK/ctx-arm64"
	cp "$TOP/volinit-arm64" "$WORK/ctx-arm64/volinit"
	cp "$TOP/Dockerfile" "$WORK/ctx-arm64/"
	if $DOCKER build -q --platform linux/arm64 -t "$VIMG-arm64" "$WORK/ctx-arm64" >"$WORK/build.log" 2>&1; then
		is "docker build --platform linux/arm64: an arm64 image" \
		    "$($DOCKER image inspect -f '{{.Os}}/{{.Architecture}} {{.Config.User}}' "$VIMG-arm64")" \
		    "linux/arm64 65532:65532"
		$DOCKER save "$VIMG-arm64" | tar -xO --wildcards '*/layer.tar' | tar -xO volinit >"$WORK/arm64.bin"
		expect "... holding the aarch64 static-pie /volinit" <(file "$WORK/arm64.bin") 'ARM aarch64.*static-pie'
	else nok "docker build --platform linux/arm64"; show "$WORK/build.log"; fi
else say "(no volinit-arm64 beside the sources: arm64 image not built)"; fi
$DOCKER run --rm "$VIMG" version >"$WORK/version.out" 2>&1
expect "docker run IMAGE version" "$WORK/version.out" '^volinit [0-9]'

if musl-gcc -static -Os -Wall -Wextra -o "$WORK/ctx-app/app" "$E2E/app/app.c" 2>"$WORK/app-cc.log"; then
	ok "build the app (static musl)"
else nok "build the app (static musl)"; show "$WORK/app-cc.log"; exit 1; fi
cp "$E2E/app/Dockerfile" "$E2E/app/passwd" "$E2E/app/group" "$WORK/ctx-app/"
if $DOCKER build -q -t "$AIMG" "$WORK/ctx-app" >"$WORK/build.log" 2>&1 &&
   $DOCKER build -q -t "$PIMG" --build-arg "VOLINIT_IMAGE=$VIMG" \
	--build-arg "BASE_IMAGE=$AIMG" "$TOP/examples/postgres" >>"$WORK/build.log" 2>&1; then
	ok "docker build app and examples/postgres/Dockerfile (COPY --from=volinit)"
else nok "docker build app and examples/postgres"; show "$WORK/build.log"; exit 1; fi
# podman has its own store: the very images docker built.
if $DOCKER save "$VIMG" "$AIMG" | podman load >"$WORK/load.log" 2>&1; then
	ok "podman load the images"
else nok "podman load the images"; show "$WORK/load.log"; exit 1; fi

# ---------------------------------------------------------------- manifests
section "manifests embed the examples verbatim"
# yaml_block FILE KEY: the literal block "  KEY: |" of a ConfigMap, unindented.
yaml_block() {
	awk -v k="  $2: |" '
		$0 == k { on = 1; next }
		on && (/^    / || /^$/) { buf = buf (length($0) ? substr($0, 5) : "") "\n"; next }
		on { exit }
		END { sub(/\n+$/, "\n", buf); printf "%s", buf }
	' "$1"
}
for y in k8s/nginx.yaml k8s/nginx-podman.yaml; do
	good=1
	for key in plan default.conf.template api-auth.inc.template; do
		if ! yaml_block "$TOP/$y" "$key" | cmp -s - "$TOP/examples/nginx/$key"; then
			good=0
			nok "$y: $key = examples/nginx/$key" \
			    "$(yaml_block "$TOP/$y" "$key" | diff - "$TOP/examples/nginx/$key" | head -5)"
		fi
	done
	[ $good = 1 ] && ok "$y ConfigMap = examples/nginx"
done
if (cd "$TOP/compose" && docker-compose -p "volinite2ecfg$ID" config -q) >"$WORK/compose.cfg" 2>&1; then
	ok "compose/docker-compose.yml is valid as shipped"
else nok "compose/docker-compose.yml is valid as shipped"; show "$WORK/compose.cfg"; fi
if yaml_block "$TOP/k8s/configmap-copy.yaml" plan | cmp -s - "$TOP/examples/configmap-copy/plan"; then
	ok "k8s/configmap-copy.yaml plan = examples/configmap-copy/plan"
else nok "k8s/configmap-copy.yaml plan = examples/configmap-copy/plan"; fi

# ---------------------------------------------------------------- 1. kube
section "1. Kubernetes initContainer (podman kube play k8s/nginx-podman.yaml)"
# Played from an empty directory: podman would try to build from a subfolder
# named like an image.
mkdir -p "$WORK/kube"
sed -e "s|localhost/volinit:latest|localhost/$VIMG|" \
    -e "s|localhost/volinit-e2e-app:latest|localhost/$AIMG|" \
    -e "s|^  name: nginx-local\$|  name: $POD|" \
    -e "s|name: nginx-volinit\$|name: $POD-volinit|" \
    -e "s|name: nginx-api-local\$|name: $POD-api|" \
    "$TOP/k8s/nginx-podman.yaml" >"$WORK/kube/pod.yaml"
if (cd "$WORK/kube" && timeout 120 podman kube play pod.yaml) >"$WORK/kube.play" 2>&1; then
	ok "podman kube play"
else nok "podman kube play"; show "$WORK/kube.play"; fi
timeout 60 podman wait "$POD-app" >/dev/null 2>&1
is "app container ran and exited 0" \
    "$(podman inspect "$POD-app" --format '{{.State.Status}} {{.State.ExitCode}}' 2>&1)" "exited 0"
podman logs "$POD-app" >"$WORK/kube-app.log" 2>&1
# podman 4.3 starts the app only once the init container exited 0, and then
# removes the init container (its log goes with it).
expect "init container completed, then the app ran" "$WORK/kube-app.log" '^app: done$'
if podman container exists "$POD-volinit"; then
	podman logs "$POD-volinit" >"$WORK/kube-init.log" 2>&1
	is "init container exited 0" \
	    "$(podman inspect "$POD-volinit" --format '{{.State.ExitCode}}')" 0
	expect "init log has the summary" "$WORK/kube-init.log" '^volinit: [0-9]+ steps: '
	reject "init log never shows the token" "$WORK/kube-init.log" 'local-test-token'
fi
L=$WORK/kube-app.log
f0=$failn
expect "app runs as uid 101 (nginx)" "$L" '^id uid=101 gid=101 '
expect "default.conf rendered 0644 by volinit's uid 65532" "$L" '^path /etc/nginx/conf.d/default.conf type=f mode=0644 uid=65532 gid=65532 '
expect "defined vars substituted (listen)" "$L" '^\|  +listen +80;$'
expect "env from the pod spec (server_name)" "$L" '^\|  +server_name +web\.local;$'
expect "env from the pod spec (BACKEND)" "$L" '^\|  +proxy_pass +http://api:8080/;$'
expect "nginx \$host survives vars=defined" "$L" '^\|  +proxy_set_header +Host \$host;$'
expect "nginx \$remote_addr survives" "$L" 'X-Real-IP \$remote_addr;$'
expect "file holding the secret is 0600, uid 65532" "$L" '^path /etc/nginx/conf.d/api-auth.inc type=f mode=0600 uid=65532 '
expect "... so the app (uid 101) cannot read it" "$L" '^error open /etc/nginx/conf.d/api-auth.inc: Permission denied'
absent "no .template left in the output" "$L" '\.template'
absent "the plan is no template: not copied" "$L" '^path /etc/nginx/conf.d/plan'
absent "ConfigMap ..data entries skipped" "$L" '/\.\.'
absent "no temp files left" "$L" '^path .*(\.tmp|~)'
[ $failn != $f0 ] && show "$WORK/kube.play" "$L" "$WORK/kube-init.log"

# ---------------------------------------------------------------- 1a. as written
section "1a. k8s/nginx.yaml and k8s/configmap-copy.yaml as written (podman kube play)"
# The manifests for real clusters, played with only what podman 4.3 or this
# machine cannot take rewritten: local images (and the app's arguments),
# unique names, restartPolicy Never, each Secret as a ConfigMap (podman
# crashes on Secret volumes). Every securityContext stays byte for byte, as
# the comparison below shows; podman applies runAsUser, capabilities,
# readOnlyRootFilesystem, no_new_privs and the RuntimeDefault profile.
# seccontexts FILE: every securityContext block (key and indented lines).
seccontexts() {
	awk '/^ *securityContext:/ { on = 1; ind = match($0, /[^ ]/); print; next }
	     on && (match($0, /[^ ]/) > ind) { print; next }
	     { on = 0 }' "$1"
}
# kube_local SRC POD APP-ARG: SRC rewritten for podman, to stdout.
kube_local() {
	python3 - "$1" "$2" "$3" "$VIMG" "$AIMG" <<'PY'
import re, sys
src, pod, arg, vimg, aimg = sys.argv[1:]
t = open(src).read()
names = re.findall(r"^kind: (?:ConfigMap|Secret)\nmetadata:\n  name: (\S+)$", t, re.M)
for n in names:
    t = re.sub(r"(name|secretName): %s$" % re.escape(n), r"\1: %s-%s" % (pod, n), t, flags=re.M)
t = re.sub(r"^kind: Secret\n(metadata:\n  name: \S+\n)type: \S+\nstringData:", r"kind: ConfigMap\n\1data:", t, flags=re.M)
t = re.sub(r"^( +)secret:\n( +)secretName:", r"\1configMap:\n\2name:", t, flags=re.M)
t = re.sub(r"^kind: Pod\nmetadata:\n  name: \S+", "kind: Pod\nmetadata:\n  name: " + pod, t, flags=re.M)
t = re.sub(r"^spec:\n(?=  (?:securityContext|initContainers))", "spec:\n  restartPolicy: Never\n", t, flags=re.M)
t = re.sub(r"^( +)image: volinit:\S+$", r"\1image: localhost/" + vimg, t, flags=re.M)
t = re.sub(r"^( +)image: (?:nginx|my-app):\S+$", r"\1image: localhost/%s\n\1args: ['%s']" % (aimg, arg), t, flags=re.M)
sys.stdout.write(t)
PY
}
# play NAME SRC POD APP-ARG: podman kube play of SRC as kube_local makes it.
play() {
	local n=$1 src=$TOP/$2 pod=$3
	mkdir -p "$WORK/kube-$n"
	kube_local "$src" "$pod" "$4" >"$WORK/kube-$n/pod.yaml"
	if cmp -s <(seccontexts "$src") <(seccontexts "$WORK/kube-$n/pod.yaml") &&
	   [ -n "$(seccontexts "$src")" ]; then
		ok "$2: the securityContexts played are the manifest's ($(seccontexts "$src" | grep -c 'securityContext:'))"
	else nok "$2: securityContexts unchanged" "$(diff <(seccontexts "$src") <(seccontexts "$WORK/kube-$n/pod.yaml") | head -5)"; fi
	if (cd "$WORK/kube-$n" && timeout 120 podman kube play pod.yaml) >"$WORK/kube-$n.play" 2>&1; then
		ok "$2: podman kube play"
	else nok "$2: podman kube play"; show "$WORK/kube-$n.play"; fi
	PODS="$PODS $n"
}
PODS=""
play nginx k8s/nginx.yaml "$POD-n" /etc/nginx/conf.d
play cmcopy k8s/configmap-copy.yaml "$POD-c" /work
for n in nginx:$POD-n:nginx cmcopy:$POD-c:app; do
	p=${n#*:}; c=${p#*:}; p=${p%%:*}; n=${n%%:*}
	timeout 60 podman wait "$p-$c" >/dev/null 2>&1
	is "$n: app container ran and exited 0" \
	    "$(podman inspect "$p-$c" --format '{{.State.Status}} {{.State.ExitCode}}' 2>&1)" "exited 0"
	podman logs "$p-$c" >"$WORK/kube-$n-app.log" 2>&1
	expect "$n: the init container completed, then the app ran" "$WORK/kube-$n-app.log" '^app: done$'
done
L=$WORK/kube-nginx-app.log
f0=$failn
expect "nginx.yaml: config rendered by uid 65532 (no root, no capability)" "$L" \
    '^path /etc/nginx/conf.d/default.conf type=f mode=0644 uid=65532 '
expect "nginx.yaml: the token from the (Secret) volume" "$L" '^path /etc/nginx/conf.d/api-auth.inc type=f mode=0600 uid=65532 '
[ $failn != $f0 ] && show "$WORK/kube-nginx.play" "$L"
L=$WORK/kube-cmcopy-app.log
f0=$failn
expect "configmap-copy.yaml: app runs as 1000" "$L" '^id uid=1000 gid=1000 '
expect "configmap-copy.yaml: config copied, owned by 1000 (root init, CHOWN)" "$L" \
    '^path /work/config/app.properties type=f mode=0644 uid=1000 gid=1000 '
expect "configmap-copy.yaml: the (Secret) files 0400, owned by 1000" "$L" \
    '^path /work/secrets/tls.key type=f mode=0400 uid=1000 gid=1000 '
[ $failn != $f0 ] && show "$WORK/kube-cmcopy.play" "$L"

# ---------------------------------------------------------------- 1b. ..data
section "1b. kubelet ConfigMap/Secret layout (examples/configmap-copy, docker run)"
# What a kubelet mounts: files in a hidden ..<timestamp> directory, ..data a
# link to it, every key a relative link through ..data.
kubevol() { # DIR MODE KEY=CONTENT...
	local d=$1 m=$2 ts=..2026_01_01_00_00_00.000000001 kv; shift 2
	mkdir -p "$d/$ts"
	for kv in "$@"; do
		printf '%s\n' "${kv#*=}" >"$d/$ts/${kv%%=*}"
		chmod "$m" "$d/$ts/${kv%%=*}"
		ln -s "..data/${kv%%=*}" "$d/${kv%%=*}"
	done
	ln -s "$ts" "$d/..data"
}
kubevol "$WORK/cm" 0644 'app.properties=listen.port=8080' 'logging.conf=level=info'
kubevol "$WORK/sec" 0400 'tls.key=KEY-e2e-material' 'tls.crt=CERT-e2e-material'
mkdir -p "$WORK/cmplan"
cp "$TOP/examples/configmap-copy/plan" "$WORK/cmplan/plan"
VOL1B=$POD-work
cmrun() {
	$DOCKER run --rm --user 0 --read-only --cap-drop ALL --cap-add CHOWN --cap-add FOWNER \
	    --cap-add DAC_OVERRIDE \
	    -v "$WORK/cmplan:/etc/volinit:ro" -v "$WORK/cm:/config:ro" \
	    -v "$WORK/sec:/secrets:ro" -v "$VOL1B:/work" "$VIMG"
}
cmapp() {
	$DOCKER run --rm --user 1000:1000 -v "$VOL1B:/work" "$AIMG" /work
}
cmrun >"$WORK/cm-init.log" 2>&1
is "init exits 0 (the manifest's CHOWN, FOWNER, DAC_OVERRIDE only)" "$?" 0
cmapp >"$WORK/cm-app.log" 2>&1
L=$WORK/cm-app.log
f0=$failn
expect "config copied as a regular file, 0644, uid 1000" "$L" '^path /work/config/app.properties type=f mode=0644 uid=1000 gid=1000 '
expect "... with its content" "$L" '^\| listen\.port=8080$'
expect "secret copied 0400, owned by the app" "$L" '^path /work/secrets/tls.key type=f mode=0400 uid=1000 gid=1000 '
expect "... and the app can read it" "$L" '^\| KEY-e2e-material$'
expect "data dir 0750 uid 1000" "$L" '^path /work/data type=d mode=0750 uid=1000 gid=1000 '
absent "no ..data / ..<timestamp> entries copied" "$L" '/\.\.'
absent "no links copied (none dangle)" "$L" ' type=l '
[ $failn != $f0 ] && show "$WORK/cm-init.log" "$L"
say "-- restart: the app's edit survives (overwrite=missing), nothing changes"
mp=$($DOCKER volume inspect -f '{{.Mountpoint}}' "$VOL1B" 2>/dev/null)
[ -f "$mp/config/app.properties" ] && echo 'log.level=debug' >>"$mp/config/app.properties"
cmrun >"$WORK/cm-init2.log" 2>&1
is "re-run exits 0" "$?" 0
converged "re-run: no file changed" "$WORK/cm-init2.log"
cmapp >"$WORK/cm-app2.log" 2>&1
expect "the app's edit is still there" "$WORK/cm-app2.log" '^\| log\.level=debug$'
[ $failn != $f0 ] && show "$WORK/cm-init2.log"

# ---------------------------------------------------------------- 2. compose
section "2. Docker Compose init service (compose/docker-compose.yml)"
printf 'compose-test-token\n' >"$WORK/api_token"
chmod 0600 "$WORK/api_token"
# From compose/, as its header says: docker-compose reads the seccomp
# profile's path from the directory it runs in.
compose() {
	local p=$1; shift
	(cd "$TOP/compose" && VOLINIT_IMAGE=$VIMG WEB_IMAGE=$AIMG API_TOKEN_FILE=$WORK/api_token \
	    docker-compose -p "$p" -f "$TOP/compose/docker-compose.yml" \
	    -f "$E2E/compose.override.yml" "$@")
}
"$BIN" check --seccomp "$TOP/examples/nginx/plan" >"$WORK/nginx.seccomp.json" 2>/dev/null
if cmp -s "$WORK/nginx.seccomp.json" "$TOP/compose/volinit.seccomp.json"; then
	ok "compose/volinit.seccomp.json = volinit check --seccomp examples/nginx/plan"
else nok "compose/volinit.seccomp.json is current" \
    "regenerate: ./volinit check --seccomp examples/nginx/plan > compose/volinit.seccomp.json" \
    "$(diff "$WORK/nginx.seccomp.json" "$TOP/compose/volinit.seccomp.json" | head -5)"; fi
cid() { $DOCKER ps -aq --filter "label=com.docker.compose.project=$1" \
	--filter "label=com.docker.compose.service=$2" | head -1; }
COMPOSE_UP=1
if compose "$PROJ" up -d >"$WORK/compose.up" 2>&1; then ok "docker-compose up -d"
else nok "docker-compose up -d"; show "$WORK/compose.up"; fi
INIT=$(cid "$PROJ" init) WEB=$(cid "$PROJ" web)
[ -n "$WEB" ] && timeout 60 $DOCKER wait "$WEB" >/dev/null 2>&1
is "init service exited 0" "$($DOCKER inspect -f '{{.State.ExitCode}}' "$INIT" 2>&1)" 0
expect "init ran under the plan's seccomp profile, no-new-privileges" \
    <($DOCKER inspect -f '{{json .HostConfig.SecurityOpt}}' "$INIT" 2>&1) \
    'no-new-privileges:true.*seccomp=\{.*defaultAction.*SCMP_ACT_ERRNO'
is "init ran as root (user \"0\") without capabilities" \
    "$($DOCKER inspect -f '{{.Config.User}} {{.HostConfig.CapDrop}} {{.HostConfig.CapAdd}}' "$INIT" 2>&1)" "0 [ALL] []"
is "web exited 0" "$($DOCKER inspect -f '{{.State.ExitCode}}' "$WEB" 2>&1)" 0
# web started only after init finished.
ti=$($DOCKER inspect -f '{{.State.FinishedAt}}' "$INIT" 2>/dev/null)
tw=$($DOCKER inspect -f '{{.State.StartedAt}}' "$WEB" 2>/dev/null)
if [ -n "$ti" ] && [ -n "$tw" ] && [ "$(date -d "$tw" +%s%N)" -ge "$(date -d "$ti" +%s%N)" ]; then
	ok "web started after init finished"
else nok "web started after init finished" "init finished $ti, web started $tw"; fi
$DOCKER logs "$INIT" >"$WORK/compose-init.log" 2>&1
$DOCKER logs "$WEB" >"$WORK/compose-web.log" 2>&1
L=$WORK/compose-web.log
f0=$failn
expect "init log has the summary" "$WORK/compose-init.log" '^volinit: [0-9]+ steps: '
reject "init log never shows the token" "$WORK/compose-init.log" 'compose-test-token'
expect "web runs as uid 101" "$L" '^id uid=101 gid=101 '
expect "web sees default.conf" "$L" '^path /etc/nginx/conf.d/default.conf type=f mode=0644 uid=0 gid=0 '
expect "server_name from compose env" "$L" '^\|  +server_name +web\.local;$'
expect "\$host survives" "$L" '^\|  +proxy_set_header +Host \$host;$'
expect "secret file 0600" "$L" '^path /etc/nginx/conf.d/api-auth.inc type=f mode=0600 uid=0 '
# Kubernetes and Compose re-run init containers: the same plan converges.
$DOCKER start -a "$INIT" >"$WORK/compose-init2.log" 2>&1
is "init re-run exits 0" "$?" 0
converged "init re-run changes no file" "$WORK/compose-init2.log"
[ $failn != $f0 ] && show "$WORK/compose.up" "$WORK/compose-init.log" "$L" "$WORK/compose-init2.log"

say "-- a failing plan: the app must not start"
# The nginx example plus a secret whose file was never mounted: an error,
# never an empty value.
mkdir -p "$WORK/badplan"
cp "$TOP"/examples/nginx/*.template "$WORK/badplan/"
{ echo 'secret DB_PASSWORD /run/secrets/db_password'; cat "$TOP/examples/nginx/plan"; } \
    >"$WORK/badplan/plan"
VOLINIT_PLAN_DIR=$WORK/badplan compose "$PROJBAD" up -d >"$WORK/compose-bad.up" 2>&1
rc=$?
f0=$failn
if [ $rc != 0 ]; then ok "docker-compose up fails (rc $rc)"
else nok "docker-compose up fails" "it exited 0"; fi
INIT=$(cid "$PROJBAD" init) WEB=$(cid "$PROJBAD" web)
is "init service exited 1 (a step failed)" "$($DOCKER inspect -f '{{.State.ExitCode}}' "$INIT" 2>&1)" 1
$DOCKER logs "$INIT" >"$WORK/compose-bad-init.log" 2>&1
expect "one-line error: plan:line:col and the secret file" "$WORK/compose-bad-init.log" \
    '^volinit: /etc/volinit/plan:1:[0-9]+: .*/run/secrets/db_password'
if [ -z "$WEB" ]; then ok "web was never created"
else is "web never started" "$($DOCKER inspect -f '{{.State.StartedAt}}' "$WEB")" "0001-01-01T00:00:00Z"; fi
[ $failn != $f0 ] && show "$WORK/compose-bad.up" "$WORK/compose-bad-init.log"

say "-- outside the profile: a plan that runs something, under the nginx plan's profile"
# No run step in examples/nginx/plan, so no pipe2/fork/setresgid: a clean
# one-line EPERM and exit 1 (run) or 126 (user= drop), well within the
# timeout, never a hang.
sc() { timeout 30 $DOCKER run --rm --user 0 --cap-drop ALL --cap-add SETUID --cap-add SETGID \
	--security-opt no-new-privileges --security-opt "seccomp=$TOP/compose/volinit.seccomp.json" \
	"$VIMG" "$@"; }
sc -e 'run -- /volinit version' >"$WORK/sc-run.log" 2>&1
is "run: exit 1" "$?" 1
expect "run: one line, EPERM" "$WORK/sc-run.log" '^volinit: -e:1:1: (pipe|fork): Operation not permitted$'
sc -e 'exec user=65532:65532 -- /volinit version' >"$WORK/sc-exec.log" 2>&1
is "exec user=: exit 126" "$?" 126
expect "exec user=: one line, EPERM" "$WORK/sc-exec.log" '^volinit: -e:1:1: cannot drop privileges: .*: Operation not permitted$'
reject "exec user=: the program never ran" "$WORK/sc-exec.log" '^volinit [0-9]'
sc -e 'env A=1' >"$WORK/sc-ok.log" 2>&1
is "the same profile, a plan within it: exit 0" "$?" 0

# ---------------------------------------------------------------- 3. embedded
section "3. Embedded entrypoint (examples/postgres/Dockerfile): exec as postgres"
PW='s3cret-pg-pw'
printf '%s\n' "$PW" >"$WORK/pg_password"
chmod 0600 "$WORK/pg_password"
$DOCKER run --name "$C3" -v "$C3-data:/var/lib/postgresql/data" \
    -e POSTGRES_PASSWORD_FILE=/run/secrets/pg_password \
    -v "$WORK/pg_password:/run/secrets/pg_password:ro" \
    "$PIMG" >"$WORK/pg.out" 2>"$WORK/pg.err"
is "docker run exits 0 (the app's own code)" "$?" 0
L=$WORK/pg.out
f0=$failn
expect "initdb ran as postgres" "$L" '^initdb: created /var/lib/postgresql/data/PG_VERSION as uid=1000$'
expect "initdb read the 0600 pwfile with a final newline" "$L" \
    "^initdb: pwfile /var/run/postgresql/.pwfile bytes=$((${#PW} + 1)) final-newline=yes$"
expect "exec'd the server command" "$L" '^argv postgres -D /var/lib/postgresql/data -k /var/run/postgresql$'
expect "the server is PID 1 (exec, not fork)" "$L" '^pid 1 ppid 0$'
expect "uid/gid/groups of postgres (+ssl-cert)" "$L" '^id uid=1000 gid=1000 euid=1000 egid=1000 groups=1000,1001$'
expect "HOME from passwd" "$L" '^env HOME=/var/lib/postgresql$'
expect "USER from passwd" "$L" '^env USER=postgres$'
expect "exported PGDATA" "$L" '^env PGDATA=/var/lib/postgresql/data$'
expect "exported POSTGRES_USER" "$L" '^env POSTGRES_USER=postgres$'
expect "exported POSTGRES_DB (default from POSTGRES_USER)" "$L" '^env POSTGRES_DB=postgres$'
absent "unexported secret absent from the env" "$L" '^env POSTGRES_PASSWORD='
absent "consumed POSTGRES_PASSWORD_FILE removed" "$L" '^env POSTGRES_PASSWORD_FILE='
expect "PGDATA 0700 owned by postgres" "$L" '^path /var/lib/postgresql/data type=d mode=0700 uid=1000 '
expect "PG_VERSION owned by postgres" "$L" '^path /var/lib/postgresql/data/PG_VERSION type=f mode=0600 uid=1000 '
expect "socket dir 3775 owned by postgres" "$L" '^path /var/run/postgresql type=d mode=3775 uid=1000 '
absent "pwfile removed" "$L" '^path /var/run/postgresql/\.pwfile'
if grep -qF -- "$PW" "$L" "$WORK/pg.err"; then nok "password never printed" "$(grep -F -- "$PW" "$L" "$WORK/pg.err" | head -2)"
else ok "password never printed"; fi
[ $failn != $f0 ] && show "$WORK/pg.err" "$L"

say "-- second start: initialised already, nothing changes"
$DOCKER start -a "$C3" >"$WORK/pg2.out" 2>"$WORK/pg2.err"
is "second start exits 0" "$?" 0
f0=$failn
absent "initdb skipped" "$WORK/pg2.out" '^initdb:'
converged "re-run changes no file" "$WORK/pg2.err"
expect "still PID 1 as uid 1000" "$WORK/pg2.out" '^pid 1 ppid 0$'
[ $failn != $f0 ] && show "$WORK/pg2.err" "$WORK/pg2.out"

say "-- no password on a fresh volume: refuse to start"
$DOCKER run --name "$C3B" "$PIMG" >"$WORK/pgnopw.out" 2>"$WORK/pgnopw.err"
is "exit 1 (a step failed)" "$?" 1
f0=$failn
expect "one-line error: plan:line:col, POSTGRES_PASSWORD" "$WORK/pgnopw.err" \
    '^volinit: /etc/volinit/plan:[0-9]+:[0-9]+: .*POSTGRES_PASSWORD'
reject "the server never ran" "$WORK/pgnopw.out" '^argv postgres'
[ $failn != $f0 ] && show "$WORK/pgnopw.err" "$WORK/pgnopw.out"


# ---------------------------------------------------------------- 4.
section "4. The official entrypoints as plans, real servers, no shell (tests/e2e/entrypoints.sh)"
if bash "$E2E/entrypoints.sh" "$BIN"; then ok "tests/e2e/entrypoints.sh: postgres, redis, nginx, mariadb, the distroless postgres Pod"
else nok "tests/e2e/entrypoints.sh (its FAIL lines above)"; fi

exit 0
