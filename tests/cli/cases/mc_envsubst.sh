# volinit started as envsubst (a symlink in $T): GNU envsubst's command
# line — stdin to stdout, every name or only those SHELL-FORMAT names (the
# nginx image's "$(printf '${%s} ' ...)" idiom), -v/--variables, --help,
# --version, getopt_long's abbreviations, GNU's errors and exit 1. Output
# is compared with GNU envsubst itself where it is installed
# (tests/envsubst_diff.sh does it over a whole corpus).
ln -s "$VOLINIT" "$T/envsubst"
es() { set +e; "$T/envsubst" "$@" <"$T/in" >"$T/.out" 2>"$T/.err"; rc=$?; set -e; }
want() { [ "$rc" = "$1" ] || fail "envsubst $2: exit $rc, want $1: $(cat "$T/.err")"; }
export NGINX_HOST=example.test NGINX_PORT=8080 EMPTY=
unset UNSET_VOLINIT host
printf 'server_name ${NGINX_HOST}; listen $NGINX_PORT;\nproxy_set_header Host $host;\n$UNSET_VOLINIT|${NGINX_HOST:-x}|$$NGINX_PORT|\\$EMPTY.' > "$T/in"

es; want 0 'all'
content "$T/.out" "$(printf 'server_name example.test; listen 8080;\nproxy_set_header Host ;\n|${NGINX_HOST:-x}|$8080|\\.')"
es "$(printf '${%s} ' NGINX_HOST NGINX_PORT)"; want 0 'nginx list'
content "$T/.out" "$(printf 'server_name example.test; listen 8080;\nproxy_set_header Host $host;\n$UNSET_VOLINIT|${NGINX_HOST:-x}|$8080|\\$EMPTY.')"
# a word without '$' names nothing; ${A:-x} names nothing
es 'NGINX_HOST ${NGINX_PORT:-1}'; want 0 'no names'
content "$T/.out" "$(cat "$T/in")"
if command -v envsubst >/dev/null; then
	for f in '' '$NGINX_HOST' '${NGINX_PORT} $host' 'defined' '-'; do
		if [ -z "$f" ]; then es; else es -- "$f"; fi
		want 0 "vs GNU '$f'"
		if [ -z "$f" ]; then exp=$(envsubst <"$T/in"; echo x)
		else exp=$(envsubst -- "$f" <"$T/in"; echo x); fi
		[ "$(cat "$T/.out"; echo x)" = "$exp" ] || fail "differs from GNU envsubst with '$f'"
	done
fi
es -v '$A ${B} ${C $D_1 $$E ${F:-x} $A'; want 0 '-v'
out_is "$(printf 'A\nB\nD_1\nE\nA')"
es --variables '$X'; want 0 '--variables'
out_is X
es --var '$Y'; want 0 '--var'
out_is Y
es '$NGINX_HOST' -v; want 0 'permuted -v'
out_is NGINX_HOST
es --help; want 0 --help
grep -q '^Usage: envsubst \[OPTION\] \[SHELL-FORMAT\]' "$T/.out" || fail "--help: $(cat "$T/.out")"
es -V; want 0 -V
grep -q '^envsubst ' "$T/.out" || fail "-V: $(cat "$T/.out")"
# errors: GNU's messages, exit 1
es a b; want 1 'two formats'
err_has 'envsubst: too many arguments'
es -v; want 1 '-v alone'
err_has 'envsubst: missing arguments'
es -x; want 1 '-x'
err_has "envsubst: invalid option -- 'x'"
err_has "Try 'envsubst --help' for more information."
es --v; want 1 '--v'
err_has "option '--v' is ambiguous"
es --bogus; want 1 '--bogus'
err_has "unrecognized option '--bogus'"
es --help=x; want 1 '--help=x'
# `volinit envsubst` is the same
set +e; "$VOLINIT" envsubst '$NGINX_PORT' <"$T/in" >"$T/.out" 2>"$T/.err"; rc=$?; set -e
want 0 'volinit envsubst'
grep -q 'listen 8080;' "$T/.out" || fail "volinit envsubst: $(cat "$T/.out")"
