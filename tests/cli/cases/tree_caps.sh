# WORKLOADS A15 (grafana): with only CAP_CHOWN the re-run cannot list the
# 0700 directories it handed over: the step fails and names the capability,
# never success over a subtree it could not visit.
as_root
command -v setpriv >/dev/null || { echo "SKIP: no setpriv"; exit 77; }
mkdir -p "$T/data/csv" "$T/data/png"
touch "$T/data/csv/a" "$T/data/png/b"
chmod 700 "$T/data/csv" "$T/data/png"
caps() { setpriv --inh-caps=-all --bounding-set=-all,+"$1" "$VOLINIT" "${@:2}" >"$T/.out" 2>"$T/.err"; rc=$?; }
set +e
caps chown -e "chown -R 472:472 $T/data"
set -e
[ "$rc" = 0 ] || fail "first run: $rc $(cat "$T/.err")"
owner_is "$T/data/csv/a" 472:472
set +e
caps chown -e "chown -R 472:472 $T/data"
set -e
[ "$rc" = 1 ] || fail "second run with CAP_CHOWN only: exit $rc"
err_has "CAP_DAC_READ_SEARCH"
set +e
caps chown,+dac_read_search -e "chown -R 472:472 $T/data"
set -e
[ "$rc" = 0 ] || fail "with CAP_DAC_READ_SEARCH: exit $rc $(cat "$T/.err")"
grep -q "0 changed" "$T/.err" || fail "not converged: $(cat "$T/.err")"
