#!/bin/sh
# Regenerates tests/traces/golden/* from the traces test suites (review the diff before
# committing). Usage: tests/traces/regen.sh [BUILD_DIR]   (default: build)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
make -C "$build" TraceJsonTest TraceTextTest TraceDotTest TraceRenderTest
for t in TraceJsonTest TraceTextTest TraceDotTest; do
  MAPCHECK_REGEN_GOLDEN=1 "$build/tests/traces/$t"
done
git -C "$root" diff --stat -- tests/traces/golden
