#!/usr/bin/env bash
# compare.sh: SPIN and mapcheck side by side on the map models of this folder and their Go
# programs (bench/specs/, from bench/specs/generate.sh); prints a Markdown table, one row per
# model size.
#   bench/spin/compare.sh [MAPCHECK_BINARY] [--time-limit=SECONDS] [--quick | --big]
# Per row: SPIN's states and seconds without reduction (run-spin.sh --no-reduction) and with
# its partial-order reduction, mapcheck's states and seconds with --no-reduction and with its
# default reduction, and whether the unreduced searches agree: the same transitions (pan counts
# one more, for entering the initial state). States agree too, except that mapcheck keeps an
# ended run as one state per way it ended (model/world.h) where SPIN keeps every process's end
# position; transitions are the same either way. Seconds: SPIN's pan run
# (compile excluded), mapcheck's search as it prints it on stderr. A run stopped by the time
# limit, SPIN's memory limit (2048 MB) or mapcheck's --max-states 8000000 shows its reason.
# --quick: only the sizes that finish in seconds. --big: only nwriters N=3 K=3, N=4 K=2 and
# N=4 K=3, which outgrow SPIN's 2 GB without reduction (left out otherwise). Timings vary
# with the machine's load.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mapcheck=$here/../../build/cli/mapcheck
limit=120
quick=0
big=0
for arg in "$@"; do
  case "$arg" in
    --time-limit=*) limit=${arg#--time-limit=} ;;
    --quick) quick=1 ;;
    --big) big=1 ;;
    -*) echo "compare.sh: unknown option $arg" >&2; exit 2 ;;
    *) mapcheck=$arg ;;
  esac
done
[ -x "$mapcheck" ] || { echo "compare.sh: no mapcheck binary at $mapcheck" >&2; exit 2; }

# spin MODEL DEFINES... [--no-reduction]: "states transitions seconds" or "why - seconds".
spin_run() {
  local line
  line=$("$here/run-spin.sh" "$@" "--time-limit=$limit" 2>/dev/null) || { echo "error -"; return; }
  local states transitions seconds complete
  states=$(sed -E 's/.*states=([^ ]+).*/\1/' <<<"$line")
  transitions=$(sed -E 's/.*transitions=([^ ]+).*/\1/' <<<"$line")
  seconds=$(sed -E 's/.* seconds=([^ ]+).*/\1/' <<<"$line")
  complete=$(sed -E 's/.*complete=([^ ]+).*/\1/' <<<"$line")
  [ "$complete" = yes ] || { states="$complete"; transitions=-; }
  echo "$states $transitions $seconds"
}

# mc SPEC [--no-reduction]: "states transitions seconds" or "incomplete - seconds".
mc_run() {
  local out err
  err=$(mktemp)
  out=$("$mapcheck" check "$@" --time-limit "$limit" --max-states 8000000 2>"$err")
  local states transitions seconds
  states=$(sed -nE 's/^search: complete; ([0-9]+) states.*/\1/p' <<<"$out")
  transitions=$(sed -nE 's/^search: complete; [0-9]+ states, ([0-9]+) transitions.*/\1/p' <<<"$out")
  seconds=$(sed -nE 's/.* states in ([0-9.]+) s .*/\1/p' "$err")
  rm -f "$err"
  [ -n "$states" ] || { states=incomplete; transitions=-; }
  echo "$states ${transitions:--} ${seconds:--}"
}

row() {  # row LABEL MODEL SPEC DEFINES...
  local label=$1 model=$2 spec=$3
  shift 3
  read -r sn stn st < <(spin_run "$here/$model" "$@" --no-reduction)
  read -r sr _ srt < <(spin_run "$here/$model" "$@")
  read -r mn mtn mt < <(mc_run "$here/../specs/$spec" --no-reduction)
  read -r mr _ mrt < <(mc_run "$here/../specs/$spec")
  local same=no
  [ "$stn" != - ] && [ "$mtn" != - ] && [ "$stn" = $((mtn + 1)) ] && same=yes
  echo "| $label | $sn | $stn | $st | $sr | $srt | $mn | $mtn | $mt | $mr | $mrt | $same |"
}

echo "| model | SPIN states, no reduction | transitions | s | SPIN states, default | s | mapcheck states, --no-reduction | transitions | s | mapcheck states, default | s | same transitions |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|"
for n in 2 3 4; do
  for k in 1 2 3; do
    large=0
    [ $((n * k)) -gt 6 ] && large=1
    [ "$big" = "$large" ] || continue
    if [ "$quick" = 1 ] && { [ "$n" -gt 3 ] || [ "$n$k" = 32 ]; }; then
      continue
    fi
    row "nwriters N=$n K=$k" nwriters.pml "nwriters/nwriters_n${n}_k${k}.go" "-DN=$n" "-DK=$k"
  done
done
[ "$big" = 1 ] && exit 0
for nw in "4 5" "8 1" "12 2" "13 1"; do
  set -- $nw
  row "ranger_growth n=$1 w=$2" ranger_growth.pml "ranger_growth/ranger_growth_n$1.go" "-DNKEYS=$1" "-DW=$2"
done
for rw in "1 1" "2 1" "1 2" "2 2" "3 1"; do
  set -- $rw
  row "rwmutex R=$1 W=$2" rwmutex.pml "rwmutex/rwmutex_r$1_w$2.go" "-DR=$1" "-DW=$2"
done
