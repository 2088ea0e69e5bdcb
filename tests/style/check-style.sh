#!/usr/bin/env bash
# The style test (CONVENTIONS.md): greps the sources for what the conventions forbid.
# Prints every offence as file:line: what, and fails if there is any.
set -u
cd "${1:-$(dirname "$0")/../..}"
fail=0
say() { echo "$1"; fail=1; }
# Lines as `N:text`, without comment lines (quoted Go source lives in comments).
code_lines() { grep -n '' "$1" | grep -vE '^[0-9]+:\s*(//|/\*|\*)'; }

sources=$(git ls-files 'model/*.h' 'model/*.cpp' 'explorer/*.h' 'explorer/*.cpp' 'specs/*.h' \
  'specs/*.cpp' 'traces/*.h' 'traces/*.cpp' 'cli/*.h' 'cli/*.cpp' 2>/dev/null || \
  find model explorer specs traces cli -name '*.h' -o -name '*.cpp')

for f in $sources; do
  # Every file opens with a comment saying what it holds.
  head -n 1 "$f" | grep -q '^//' || say "$f:1: no opening comment saying what the file holds"
done
for f in $(echo "$sources" | tr ' ' '\n' | grep '\.h$'); do
  grep -n '^using namespace' "$f" | sed "s|^|$f:|; s|$| (using namespace in a header)|" | grep . && fail=1
  grep -q '#pragma once' "$f" || say "$f: no #pragma once"
done
# Libraries never print or exit: only the CLI talks to the terminal.
for f in $(echo "$sources" | tr ' ' '\n' | grep -v '^cli/'); do
  code_lines "$f" | grep -E 'std::(cout|cerr)|(^|[^A-Za-z_])printf\(|(^|[^A-Za-z_.:])exit\(' |
    sed "s|^|$f:|; s|$| (printing or exit outside cli/)|" | grep . && fail=1
done
# No unordered iteration where order reaches output or encodings, no clocks or global RNG in results.
for f in $(echo "$sources" | tr ' ' '\n' | grep -E '^(traces/|model/)'); do
  grep -n 'unordered_' "$f" | sed "s|^|$f:|; s|$| (unordered container in model/ or traces/)|" | grep . && fail=1
done
for f in $sources; do
  code_lines "$f" | grep -E '(^|[^_a-z:.])(rand|srand|time)\(' | sed "s|^|$f:|; s|$| (rand/time: use a seeded Rng)|" | grep . && fail=1
done
# Explorer knows no maps: it includes nothing from model/.
grep -ln '#include "model/' explorer/*.h explorer/*.cpp 2>/dev/null | sed 's|$|: explorer includes model code|' | grep . && fail=1
# Model knows no search.
grep -ln '#include "explorer/' model/*.h model/*.cpp 2>/dev/null | sed 's|$|: model includes explorer code|' | grep . && fail=1
# specs/ and traces/ know neither the explorer nor (traces) the model.
grep -ln '#include "explorer/' specs/*.h specs/*.cpp traces/*.h traces/*.cpp 2>/dev/null | sed 's|$|: includes explorer code|' | grep . && fail=1
grep -ln '#include "model/' traces/*.h traces/*.cpp 2>/dev/null | sed 's|$|: traces includes model code|' | grep . && fail=1

if [ "$fail" = 0 ]; then echo "style: 1 passed, 0 failed"; else echo "style: 0 passed, 1 failed"; fi
exit $fail
