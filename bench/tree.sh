#!/bin/sh
# bench/tree.sh VOLINIT: copy, chown -R and chmod -R over a tree of 100,000
# small files in 1,000 directories, against coreutils, with hyperfine; then
# the same when nothing needs changing; peak RSS via /usr/bin/time -v.
# Aims: copy <= 0.8x cp -a; chown/chmod -R <= 1.0x, no-change <= 0.5x;
# RSS <= 2 MiB. Needs root (chown). BENCH_DIRS/BENCH_FILES shrink it.
# Writes bench/out/tree.md. Usage: sh bench/tree.sh [./volinit]
set -eu
b=${1:-./volinit}
V=$(cd "$(dirname "$b")" && pwd)/$(basename "$b")
out=$(cd "$(dirname "$0")" && pwd)/out
mkdir -p "$out"
dirs=${BENCH_DIRS:-1000} files=${BENCH_FILES:-100}
W=$(mktemp -d /tmp/volinit-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
S=$W/src D=$W/dst
python3 - "$S" "$dirs" "$files" <<'PY'
import os, sys
root, nd, nf = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for d in range(nd):
    p = os.path.join(root, "d%02d" % (d % 50), "sub%04d" % d)
    os.makedirs(p, exist_ok=True)
    for f in range(nf):
        with open(os.path.join(p, "f%03d.conf" % f), "w") as fh:
            fh.write(("key%d = value %d\n" % (f, d)) * (1 + f % 8))
PY
echo "tree: $(find "$S" -type f | wc -l) files, $(find "$S" -type d | wc -l) directories in $S"
J=$W/json; mkdir "$J"
# pair NAME VOLINIT-CMD COREUTILS-CMD [PREPARE]: both under hyperfine.
pair() {
	local name=$1 a=$2 b=$3 prep=${4:-true}
	# prepare runs sync: writeback of the previous run is not measured
	hyperfine -N -w 1 -r "${BENCH_RUNS:-5}" --prepare "sh -c '$prep; sync'" \
	    --export-json "$J/$name.json" -n "volinit $name" "$a" \
	    -n "coreutils $name" "$b" >/dev/null 2>&1 || { echo "$name: hyperfine failed" >&2; return 1; }
	sh -c "$prep; sync"
	eval "/usr/bin/time -v $a" 2>"$J/$name.time" >/dev/null || true
}
pair copy "$V -q -e 'copy $S $D'" "cp -a $S $D" "rm -rf $D"
pair copy-nochange "$V -q -e 'copy $S $D'" "cp -a $S/. $D" \
    "test -d $D || cp -a $S $D"
pair chown "$V -q -e 'chown -R 1000:1000 $S'" "chown -R 1000:1000 $S" \
    "chown -R 0:0 $S"
pair chown-nochange "$V -q -e 'chown -R 1000:1000 $S'" \
    "chown -R 1000:1000 $S" "chown -R 1000:1000 $S"
pair chmod "$V -q -e 'chmod -R u=rwX,g=rX,o= $S'" \
    "chmod -R u=rwX,g=rX,o= $S" "chmod -R u=rwX,go=rX $S"
pair chmod-nochange "$V -q -e 'chmod -R u=rwX,g=rX,o= $S'" \
    "chmod -R u=rwX,g=rX,o= $S" "chmod -R u=rwX,g=rX,o= $S"
python3 - "$J" <<'PY' | tee "$out/tree.md"
import json, os, re, sys
j = sys.argv[1]
aims = {"copy": 0.8, "copy-nochange": None, "chown": 1.0,
        "chown-nochange": 0.5, "chmod": 1.0, "chmod-nochange": 0.5}
print("| case | volinit | coreutils | ratio | aim | volinit peak RSS KiB | |")
print("|:---|---:|---:|---:|---:|---:|:---|")
for name, aim in aims.items():
    p = os.path.join(j, name + ".json")
    if not os.path.exists(p):
        continue
    r = json.load(open(p))["results"]
    a, b = r[0]["mean"], r[1]["mean"]
    t = open(os.path.join(j, name + ".time")).read()
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", t)
    rss = int(m.group(1)) if m else -1
    ok = "" if aim is None else ("ok" if a / b <= aim else "MISS")
    print("| %s | %.3f s | %.3f s | %.2fx | %s | %d | %s |" % (name, a, b,
          a / b, "" if aim is None else "%.1fx" % aim, rss, ok))
PY
