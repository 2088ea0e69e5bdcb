#!/usr/bin/env bash
# compare-builds.sh A B [OPTION...]: checks every library and bench spec with two mapcheck
# executables (e.g. the profile-guided build/ and a plain `./setup.sh --no-pgo` one) and
# compares their --json reports byte for byte; a build may change speed, never a result.
# Each run is bounded by --max-states 20000 (the bench's large rows would take minutes);
# OPTIONs go to both (e.g. --no-reduction, --bfs, --store collapse). Exit 1 if any differ.
# A build before the report's search figures expanded, reduced_states, steps_reduced and
# steps_bounded (commit "cli: --json reports what the reduction did") writes none of them:
# against such a build, both reports are compared without them.
set -uo pipefail
cd "$(dirname "$0")/.."
a=${1:?usage: bench/compare-builds.sh MAPCHECK_A MAPCHECK_B [OPTION...]}
b=${2:?usage: bench/compare-builds.sh MAPCHECK_A MAPCHECK_B [OPTION...]}
shift 2
n=0
differ=0
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
while IFS= read -r spec; do
  n=$((n + 1))
  "$a" check --quiet --json --max-states 20000 "$@" "$spec" >"$out/a" 2>/dev/null
  "$b" check --quiet --json --max-states 20000 "$@" "$spec" >"$out/b" 2>/dev/null
  if ! grep -q '"reduced_states"' "$out/a" || ! grep -q '"reduced_states"' "$out/b"; then
    for x in a b; do
      grep -vE '^ *"(expanded|reduced_states|steps_reduced|steps_bounded)": ' "$out/$x" >"$out/$x.old"
      mv "$out/$x.old" "$out/$x"
    done
  fi
  # An empty report (a crash) is a difference too, even from another empty one.
  if [ ! -s "$out/a" ] || ! cmp -s "$out/a" "$out/b"; then
    echo "differ: $spec"
    differ=$((differ + 1))
  fi
done < <(find specs/library bench/specs -name '*.go' | LC_ALL=C sort)
echo "compare-builds: $n specs, $differ differ (options: ${*:-none})"
[ "$differ" = 0 ]
