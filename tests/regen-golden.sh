#!/usr/bin/env bash
# Regenerates the golden files of the spec library from the built mapcheck: for every spec
# specs/library/DIR/NAME.go, tests/golden/DIR/NAME.report (the text report, byte for byte)
# and tests/golden/DIR/NAME.counts (states, transitions, outcomes, exit status).
# Review the diff before committing it: a changed golden file is a changed behaviour.
#   tests/regen-golden.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
mapcheck="$build/cli/mapcheck"
[ -x "$mapcheck" ] || { echo "regen-golden: $mapcheck not built" >&2; exit 2; }
rm -rf tests/golden/library
for spec in specs/library/*/*.go; do
  rel=${spec#specs/library/}
  out="tests/golden/library/${rel%.go}"
  mkdir -p "$(dirname "$out")"
  set +e
  "$mapcheck" check --quiet "$spec" > "$out.report" 2> "$out.stderr"
  status=$?
  set -e
  [ -s "$out.stderr" ] || rm -f "$out.stderr"
  # The counts oracle: the search figures of the report's `search:` line, the number of
  # outcomes and the exit status; stable when only the report's wording changes.
  sed -n 's/^search: [^;]*; \([0-9]*\) states, \([0-9]*\) transitions, \([0-9]*\) terminal.*/states \1 transitions \2 terminal \3/p' "$out.report" |
    tr '\n' ' ' > "$out.counts"
  printf 'outcomes %s status %s\n' "$(sed -n 's/^outcomes (\([0-9]*\)):$/\1/p' "$out.report")" "$status" >> "$out.counts"
  echo "$rel: exit $status, $(cat "$out.counts")"
done
