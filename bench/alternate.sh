#!/usr/bin/env bash
# alternate.sh: mapcheck and SPIN on one row, run alternately, for a time ratio that a noisy
# machine sways less than one run of each (docs/benchmarks.md quotes its figures).
#   bench/alternate.sh [-n N] [--mapcheck EXE] [--with-traces] SPEC -- MODEL.pml [run-spin.sh options...]
# Runs `EXE check --quiet --traces none SPEC` (default build/cli/mapcheck; wall time of the
# whole process: the time to verdict, as pan writes no trail; --with-traces: the default
# simplest traces) and `bench/spin/run-spin.sh MODEL.pml ...` (pan's own seconds, compile
# excluded) N times each (default 10), one after the other, then prints one line:
#   mapcheck_min=A mapcheck_median=B spin_min=C spin_median=D ratio_median=B/D
# Exit 2 on a bad command line, 1 if a run fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
n=10
mapcheck="$here/../build/cli/mapcheck"
traces=(--traces none)
usage() { sed -n '4,10p' "$0" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    -n) [ $# -ge 2 ] || usage; n=$2; shift 2 ;;
    --mapcheck) [ $# -ge 2 ] || usage; mapcheck=$2; shift 2 ;;
    --with-traces) traces=(); shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
[ $# -ge 3 ] && [ "$2" = "--" ] || usage
[[ "$n" =~ ^[1-9][0-9]*$ ]] || usage
spec=$1
shift 2

# One run of each first, so that a failing command says why instead of ending the loop quietly.
st=0
err=$("$mapcheck" check --quiet "${traces[@]}" "$spec" 2>&1 >/dev/null) || st=$?
if [ "$st" != 0 ] && [ "$st" != 1 ]; then
  echo "alternate.sh: $mapcheck check failed (exit $st): $err" >&2
  exit 1
fi
if ! err=$("$here/spin/run-spin.sh" "$@" 2>&1 >/dev/null); then
  echo "alternate.sh: run-spin.sh $* failed: $err" >&2
  exit 1
fi

TIMEFORMAT=%R
m=()
s=()
for _ in $(seq "$n"); do
  m+=("$( { time "$mapcheck" check --quiet "${traces[@]}" "$spec" >/dev/null 2>&1 || [ $? = 1 ]; } 2>&1)")
  line=$("$here/spin/run-spin.sh" "$@" 2>/dev/null)
  s+=("$(grep -o 'seconds=[0-9.]*' <<<"$line" | head -1 | cut -d= -f2)")
done
# min and median (mean of the two middle values when N is even) of a list of seconds
stats() { sort -n | awk '{a[NR] = $1} END {printf "%.3f %.3f", a[1], (a[int((NR + 1) / 2)] + a[int(NR / 2) + 1]) / 2}'; }
read -r mmin mmed <<<"$(printf '%s\n' "${m[@]}" | stats)"
read -r smin smed <<<"$(printf '%s\n' "${s[@]}" | stats)"
awk -v a="$mmin" -v b="$mmed" -v c="$smin" -v d="$smed" 'BEGIN {
  printf "mapcheck_min=%s mapcheck_median=%s spin_min=%s spin_median=%s ratio_median=%.2f\n",
         a, b, c, d, (d > 0 ? b / d : 0) }'
