#!/usr/bin/env bash
# alternate.sh: mapcheck and SPIN on one row, run alternately, for a time ratio that a noisy
# machine sways less than one run of each (docs/benchmarks.md quotes its figures).
#   bench/alternate.sh [-n N] [--mapcheck EXE] SPEC -- MODEL.pml [run-spin.sh options...]
# Runs `EXE check --quiet SPEC` (default build/cli/mapcheck; wall time of the whole process)
# and `bench/spin/run-spin.sh MODEL.pml ...` (pan's own seconds, compile excluded) N times
# each (default 10), one after the other, then prints one line:
#   mapcheck_min=A mapcheck_median=B spin_min=C spin_median=D ratio_median=B/D
# Exit 2 on a bad command line, 1 if a run fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
n=10
mapcheck="$here/../build/cli/mapcheck"
usage() { sed -n '4,8p' "$0" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    -n) [ $# -ge 2 ] || usage; n=$2; shift 2 ;;
    --mapcheck) [ $# -ge 2 ] || usage; mapcheck=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
[ $# -ge 3 ] && [ "$2" = "--" ] || usage
[[ "$n" =~ ^[1-9][0-9]*$ ]] || usage
spec=$1
shift 2

TIMEFORMAT=%R
m=()
s=()
for _ in $(seq "$n"); do
  m+=("$( { time "$mapcheck" check --quiet "$spec" >/dev/null 2>&1 || [ $? = 1 ]; } 2>&1)")
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
