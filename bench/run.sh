#!/usr/bin/env bash
# The benchmark in one command: builds mapcheck and the harness in build/ (if needed) and runs
# bench/harness's mapcheck_bench, which prints markdown tables on stdout: mapcheck with and
# without reduction, SPIN on bench/spin/ models, real Go runs until a rare outcome appears.
# Usage: bench/run.sh [--quick] [--filter REGEX] [--time-limit S] [--go-runs N] [--out FILE] ...
#        (every option of mapcheck_bench; `bench/run.sh --help` lists them)
# Env: BUILD_DIR (default build), JOBS (default 2).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
if [[ ! -f $build/CMakeCache.txt ]]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
fi
cmake --build "$build" -j"${JOBS:-2}" --target mapcheck mapcheck_bench >&2
exec "$build/bench/harness/mapcheck_bench" --mapcheck "$build/cli/mapcheck" \
  --work "$build/bench-work" "$@"
