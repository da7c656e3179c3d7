#!/bin/bash
# layers.sh: the module graph of src/, and a check that it points down.
#
#   bash tests/layers.sh [OBJDIR]      (make layers; part of make test)
#
# A module is a .c and its .h (src/gotmpl/ is one module, "gotmpl"; fs.h is
# the header of fs_path.c and fs_write.c, module "fs"; steps.h and the
# step_*.c files are module "steps"). Each module has a layer, read from the
# Makefile's object lists:
#   0 base     BASE              (buf err log redact sink xalloc, lookup.h)
#   1 pure     PURE              (no system calls beyond memory)
#   1 effects  EFFECTS           (files, processes, sockets)
#   2 engine   ENGINE            (the verb table's engine and the steps)
#   3 top      TOP               (cli, main)
# Two graphs are read: #include "..." lines, and the symbols each object
# uses (nm -u) against those another defines (nm --defined-only). Either
# fails the check when an edge points up a layer, when pure and effects
# reach each other, or when modules form a cycle.
set -u
cd "$(dirname "$0")/.."
objdir=${1:-src}

# layer of each module, from the Makefile's lists
declare -A layer kind
mods_of() {	# Makefile variable -> module names
	make -s -f Makefile -f - print-"$1" <<'EOF' 2>/dev/null
print-%: ; @echo $($*)
EOF
}
modname() {	# path -> module
	local f=${1#src/}
	f=${f%.[cho]}
	case $f in
	gotmpl/* | gotmpl) echo gotmpl ;;
	fs | fs_path | fs_write) echo fs ;;
	steps | step_*) echo steps ;;
	*) echo "$f" ;;
	esac
}
for v in BASE:0:base PURE:1:pure EFFECTS:1:effects ENGINE:2:engine TOP:3:top; do
	var=${v%%:*} rest=${v#*:}
	for o in $(mods_of "$var"); do
		m=$(modname "$o")
		layer[$m]=${rest%%:*}
		kind[$m]=${rest#*:}
	done
done
layer[lookup]=0 kind[lookup]=base
layer[knobs]=0 kind[knobs]=base
layer[bounds]=0 kind[bounds]=base
[ ${#layer[@]} -gt 10 ] || { echo "layers: cannot read the Makefile's lists" >&2; exit 2; }

declare -A inc sym
# include edges
for f in src/*.c src/*.h src/gotmpl/*.c src/gotmpl/*.h; do
	from=$(modname "$f")
	for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
		case $f in src/gotmpl/*) [ -e "src/gotmpl/$h" ] && continue ;; esac
		to=$(modname "src/$h")
		[ "$to" = "$from" ] || inc["$from $to"]=1
	done
done
# symbol edges
declare -A def
objs=$(find "$objdir" -name '*.o' ! -name 'test_*' ! -name 'fuzz_*' | sort)
[ -n "$objs" ] || { echo "layers: no objects under $objdir (make volinit first)" >&2; exit 2; }
for o in $objs; do
	m=$(modname "${o/#$objdir/src}")
	for s in $(nm --defined-only -g "$o" | awk 'NF == 3 { print $3 }'); do
		def[$s]=$m
	done
done
for o in $objs; do
	m=$(modname "${o/#$objdir/src}")
	for s in $(nm -u "$o" | awk '{ print $2 }'); do
		to=${def[$s]:-}
		[ -n "$to" ] && [ "$to" != "$m" ] && sym["$m $to"]=1
	done
done

bad=0
check_edges() {	# name, edges...
	local what=$1 e from to
	shift
	for e in "$@"; do
		from=${e% *} to=${e#* }
		if [ -z "${layer[$from]:-}" ] || [ -z "${layer[$to]:-}" ]; then
			echo "layers: $what $from -> $to: a module in no Makefile list"
			bad=1
		elif [ "${layer[$to]}" -gt "${layer[$from]}" ]; then
			echo "layers: $what $from (${kind[$from]}) -> $to (${kind[$to]}) points up"
			bad=1
		elif [ "${layer[$to]}" = 1 ] && [ "${layer[$from]}" = 1 ] &&
		    [ "${kind[$to]}" != "${kind[$from]}" ]; then
			echo "layers: $what $from (${kind[$from]}) -> $to (${kind[$to]}): pure and effects must not meet"
			bad=1
		fi
	done
}
check_edges include "${!inc[@]}"
check_edges symbol "${!sym[@]}"

# cycles: depth-first search over both graphs together
declare -A adj state
for e in "${!inc[@]}" "${!sym[@]}"; do
	adj[${e% *}]+=" ${e#* }"
done
path=()
visit() {
	local m=$1 n
	state[$m]=1
	path+=("$m")
	for n in ${adj[$m]:-}; do
		if [ "${state[$n]:-0}" = 1 ]; then
			echo "layers: cycle: ${path[*]} $n" | sed 's/ / -> /3g'
			bad=1
		elif [ "${state[$n]:-0}" = 0 ]; then
			visit "$n"
		fi
	done
	unset 'path[${#path[@]}-1]'
	state[$m]=2
}
for m in $(printf '%s\n' "${!layer[@]}" | sort); do
	[ "${state[$m]:-0}" = 0 ] && visit "$m"
done

# the graph, by layer
for l in 0 1 2 3; do
	for m in $(printf '%s\n' "${!layer[@]}" | sort); do
		[ "${layer[$m]}" = $l ] || continue
		deps=$(for e in "${!inc[@]}" "${!sym[@]}"; do
			[ "${e% *}" = "$m" ] && echo "${e#* }"; done | sort -u | paste -sd' ')
		lines=$(cat $(ls src/"$m".[ch] src/"$m"/*.[ch] 2>/dev/null;
		    [ "$m" = fs ] && ls src/fs.h src/fs_path.c src/fs_write.c;
		    [ "$m" = steps ] && ls src/steps.h src/step_*.c) 2>/dev/null | wc -l)
		printf '%-8s %-10s %5s lines  -> %s\n' "${kind[$m]}" "$m" "$lines" "${deps:--}"
	done
done
if [ $bad = 0 ]; then
	echo "layers: ${#layer[@]} modules, every edge points down, no cycle"
else
	echo "layers: FAILED" >&2
fi
exit $bad
