#!/usr/bin/env bash
# pgo-train.sh MAPCHECK: the training run of the profile-guided build (setup.sh): checks every
# spec of the library with an instrumented mapcheck, under each search setting whose code a
# user's check runs (reduction on and off, dfs and bfs, the exact, hash and collapse stores).
# Only the library: the profile must fit every spec, not the benchmark's families. One thread,
# so that no count in the profile depends on how threads were scheduled.
set -uo pipefail
cd "$(dirname "$0")/.."
mapcheck=${1:?usage: bench/pgo-train.sh path/to/mapcheck}
for f in specs/library/*/*.go; do
  for opts in "" "--no-reduction" "--bfs" "--store collapse" "--store hash"; do
    # shellcheck disable=SC2086  # opts is a list of words
    "$mapcheck" check --quiet $opts "$f" >/dev/null 2>&1
    case $? in 0|1|3) ;; *) echo "pgo-train.sh: $mapcheck check $opts $f failed" >&2; exit 1 ;; esac
  done
done
