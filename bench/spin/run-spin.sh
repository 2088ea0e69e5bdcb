#!/usr/bin/env bash
# run-spin.sh: verify one Promela model with SPIN and print one machine-readable line.
#   bench/spin/run-spin.sh MODEL.pml [--no-reduction] [--first-error] [-DNAME=VAL ...] [-wN] [-mN]
#                          [--memlim=MB] [--time-limit=SECONDS] [--cores=N]
# Prints: states=S transitions=T seconds=X memory_mb=M errors=E compile_seconds=C complete=W
#   states/transitions: pan's "states, stored" and "transitions (= stored+matched)";
#   seconds: wall time of ./pan alone (time to verdict; spin -a and gcc are compile_seconds);
#   memory_mb: pan's "total actual memory usage"; errors: pan's error count.
#   complete: yes, or why the search stopped early (memlim: pan reached -DMEMLIM or ran out of
#   memory, with states=- transitions=- if pan printed no summary; nosummary: pan ended
#   without its summary and without saying why, as the multi-core search may when out of
#   memory; time: killed after --time-limit, with states=- transitions=- as pan printed
#   nothing).
# --no-reduction turns off both of SPIN's state-space reductions: partial-order reduction
# (pan built with -DNOREDUCE) and the hiding of write-only variables (spin -a -o2), which
# would merge states that differ only in a value never read (mapcheck keeps such values).
# pan is built with gcc -O2 -DSAFETY -DMEMLIM=2048 (--memlim) and run
# with -n, -w22 (a 2^22-slot hash table: 32 MB, allocated before the search starts, so it counts
# in seconds), -m100000 (search depth; more is an error, not a silent cut) and -c0 (search
# the whole state space, counting every error) unless --first-error (-c1: stop at the first
# error, SPIN's default). -wN and -mN override pan's defaults above. --cores=N (N > 1) builds pan
# with -DNCORE=N, SPIN's multi-core search (N processes over a shared hash table and work
# queues, in shared memory). Works in a temp dir; the model
# is not touched. Exit 2 on a bad command line, 1 if SPIN fails or the depth bound is hit.
set -euo pipefail

usage() { sed -n '2,3p' "$0" | sed 's/^# *//' >&2; exit 2; }
[ $# -ge 1 ] || usage
model=$1; shift
[ -f "$model" ] || { echo "run-spin.sh: no such model: $model" >&2; usage; }
reduce=1; stop=-c0; defines=(); hashw=-w22; depth=-m100000; memlim=2048; limit=0; cores=1
for arg in "$@"; do
  case "$arg" in
    --no-reduction) reduce=0 ;;
    --first-error) stop=-c1 ;;
    --memlim=[0-9]*) memlim=${arg#--memlim=} ;;
    --time-limit=[0-9]*) limit=${arg#--time-limit=} ;;
    --cores=[1-9]*) cores=${arg#--cores=}; [[ $cores =~ ^[0-9]+$ ]] || usage ;;
    -D*) defines+=("$arg") ;;
    -w[0-9]*) hashw=$arg ;;
    -m[0-9]*) depth=$arg ;;
    *) echo "run-spin.sh: unknown argument $arg" >&2; usage ;;
  esac
done
for tool in spin gcc; do
  command -v "$tool" >/dev/null || { echo "run-spin.sh: $tool not on PATH" >&2; exit 1; }
done

dir=$(mktemp -d "${TMPDIR:-/tmp}/run-spin.XXXXXX")
trap 'rm -rf "$dir"' EXIT
# The model and the files it may #include (hmap.pml) from its folder.
cp "$(dirname "$model")"/*.pml "$dir/"
cp "$model" "$dir/model.pml"
cd "$dir"

now() { date +%s.%N; }
cflags=(-O2 -w -DSAFETY "-DMEMLIM=$memlim")
spinflags=()
[ "$reduce" = 1 ] || { cflags+=(-DNOREDUCE); spinflags+=(-o2); }
[ "$cores" = 1 ] || cflags+=("-DNCORE=$cores")
t0=$(now)
spin -a "${spinflags[@]}" "${defines[@]}" model.pml >spin.out 2>&1 || { cat spin.out >&2; exit 1; }
gcc "${cflags[@]}" -o pan pan.c >gcc.out 2>&1 || { cat gcc.out >&2; exit 1; }
t1=$(now)
status=0
timeout "$limit" ./pan "$hashw" "$depth" -n "$stop" >pan.out 2>&1 || status=$?
t2=$(now)
diff() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }
seconds=$(diff "$t2" "$t1")
compile=$(diff "$t1" "$t0")
if [ "$status" = 124 ]; then
  printf 'states=- transitions=- seconds=%.3f memory_mb=- errors=- compile_seconds=%.3f complete=time\n' \
    "$seconds" "$compile"
  exit 0
fi
complete=yes
# One core says it reached the bound; the multi-core search says it ran out of memory.
grep -qE 'reached -DMEMLIM bound|pan: out of memory' pan.out && complete=memlim

grep -q 'max search depth too small' pan.out && { echo "run-spin.sh: pan hit its depth bound (pass a larger -mN)" >&2; exit 1; }
field() { awk "$1" pan.out; }
states=$(field '/states, stored/ {print $1; exit}')
transitions=$(field '/transitions \(= stored\+matched\)/ {print $1; exit}')
errors=$(field '/errors:/ {print $NF; exit}')
memory=$(field '/total actual memory usage/ {print $1; exit}')
if [ -z "$states" ] || [ -z "$transitions" ]; then
  # The multi-core search may end without its summary, saying it ran out of memory or saying
  # nothing but its elapsed time (seen on nwriters N=3 K=3 and N=4 K=2 with --cores=2): no
  # counts, as above.
  [ "$complete" = yes ] && grep -q 'elapsed time' pan.out && complete=nosummary
  if [ "$complete" != yes ]; then
    printf 'states=- transitions=- seconds=%.3f memory_mb=- errors=- compile_seconds=%.3f complete=%s\n' \
      "$seconds" "$compile" "$complete"
    exit 0
  fi
  tail -n 20 pan.out >&2
  exit 1
fi
# Each distinct error message once, with how often pan reported it.
sed -nE 's/^pan:[0-9]+: (.*) \(at depth [0-9]+\)$/\1/p' pan.out | sort | uniq -c >&2 || true
printf 'states=%s transitions=%s seconds=%.3f memory_mb=%s errors=%s compile_seconds=%.3f complete=%s\n' \
  "$states" "$transitions" "$seconds" "$memory" "$errors" "$compile" "$complete"
