#!/usr/bin/env bash
# setup.sh: install mapcheck's build dependencies (Debian 12 packages), build it in build/,
# and run a first real check so you see it work. Idempotent; run as root or with sudo.
#   ./setup.sh              install, configure, build, first check
#   ./setup.sh --no-install skip apt-get (packages already present)
#   ./setup.sh --werror     build with warnings as errors (CI does)
#   ./setup.sh --sanitize   build with AddressSanitizer + UBSan (in build-sanitize/)
#   ./setup.sh --with-go    also install real Go (bookworm-backports) for the differential test
#   ./setup.sh --no-pgo     one plain build (-O2), no profile-guided, link-time optimized one
set -euo pipefail
cd "$(dirname "$0")"

install=1
with_go=0
pgo=1
cmake_args=()
build_dir=build
for arg in "$@"; do
  case "$arg" in
    --no-install) install=0 ;;
    --werror) cmake_args+=(-DMAPCHECK_WERROR=ON) ;;
    --sanitize) cmake_args+=(-DMAPCHECK_SANITIZE=ON); build_dir=build-sanitize; pgo=0 ;;
    --no-pgo) pgo=0 ;;
    --with-go) with_go=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

# Every package the build, the tests and the renderer need; nothing is downloaded from elsewhere.
packages=(
  g++ cmake make pkg-config git clang-format
  libcppunit-dev libfmt-dev libxxhash-dev nlohmann-json3-dev libcli11-dev libboost-graph-dev
  libgraphviz-dev graphviz fonts-dejavu-core fonts-liberation2 spin
)

if [ "$install" = 1 ]; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -q
    $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

# --with-go: real Go for tests/differential (docs/differential.md). Debian 12 ships Go 1.19; the
# golang-1.NN-go packages come from bookworm-backports. The backports entry is derived from the
# machine's own Debian source (same mirror, same key), never a host written here.
if [ "$with_go" = 1 ]; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-bookworm}")
  codename=${codename:-bookworm}
  # go1.23 always (runtime=hmap), plus every go1.NN a library spec names in `// mapcheck: runtime=`.
  go_versions=$( (echo 1.23; grep -rhoE '^// mapcheck:.*runtime=go1\.[0-9]+([^+0-9]|$)' specs/library 2>/dev/null |
    grep -oE 'go1\.[0-9]+' | sed 's/^go//' || true) | sort -u)
  go_packages=()
  for v in $go_versions; do
    [ -x "/usr/lib/go-$v/bin/go" ] || go_packages+=("golang-$v-go")
  done
  if [ "${#go_packages[@]}" -gt 0 ] && [ "$install" = 1 ]; then
    backports=/etc/apt/sources.list.d/mapcheck-backports.sources
    if ! grep -qsE "(^|[[:space:]])$codename-backports([[:space:]]|$)" /etc/apt/sources.list \
        /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; then
      # deb822 stanzas first (Types/URIs/Suites/Signed-By), then one-line `deb [opts] URI suite`.
      entry=$(awk -v suite="$codename" '
        function flush() { if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ") && uri != "" && found == "") found = uri "\t" key
                           types = ""; suites = ""; uri = ""; key = "" }
        /^[[:space:]]*$/ { flush(); next }
        /^Types:/ { sub(/^Types:[[:space:]]*/, ""); types = $0 }
        /^URIs:/ { sub(/^URIs:[[:space:]]*/, ""); split($0, u, /[[:space:]]+/); uri = u[1] }
        /^Suites:/ { sub(/^Suites:[[:space:]]*/, ""); suites = $0 }
        /^Signed-By:/ { sub(/^Signed-By:[[:space:]]*/, ""); key = $0 }
        END { flush(); if (found != "") print found }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
      if [ -z "$entry" ]; then
        entry=$(awk -v suite="$codename" '$1 == "deb" {
            key = ""; i = 2
            if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) { if ($i ~ /signed-by=/) key = $i; i++ }
                              if ($i ~ /signed-by=/) key = $i; i++ }
            sub(/^\[?signed-by=/, "", key); sub(/\]$/, "", key)
            if ($(i + 1) == suite) { print $i "\t" key; exit } }' \
          /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n 1 || true)
      fi
      if [ -z "$entry" ]; then
        echo "setup.sh: --with-go: no '$codename' suite in the apt sources to derive $codename-backports from" >&2
        exit 1
      fi
      uri=$(printf '%s' "$entry" | cut -f1)
      key=$(printf '%s' "$entry" | cut -f2)
      echo "setup.sh: adding $codename-backports from $uri ($backports)"
      {
        echo "Types: deb"
        echo "URIs: $uri"
        echo "Suites: $codename-backports"
        echo "Components: main"
        if [ -n "$key" ]; then echo "Signed-By: $key"; fi
      } | $sudo tee "$backports" >/dev/null
    fi
    echo "setup.sh: installing ${go_packages[*]} (for the differential test)"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -q
    $sudo apt-get install -y -q --no-install-recommends "${go_packages[@]}"
  elif [ "${#go_packages[@]}" -gt 0 ]; then
    echo "setup.sh: --with-go --no-install: ${go_packages[*]} missing; the differential test will skip what needs them" >&2
  fi
fi

if [ "$with_go" = 1 ]; then cmake_args+=(-DMAPCHECK_DIFFERENTIAL=ON); else cmake_args+=(-DMAPCHECK_DIFFERENTIAL=OFF); fi
jobs=$(nproc 2>/dev/null || echo 2)
if [ "$pgo" = 1 ]; then
  # Profile-guided: an instrumented mapcheck (build-pgo/) checks the library's specs
  # (bench/pgo-train.sh), then build/ is compiled with the profile it left and -O3, the
  # mapcheck executable linked with link-time optimization (README "Setup").
  profile="$PWD/build-pgo/profile"
  cmake -S . -B build-pgo -DCMAKE_BUILD_TYPE=Release -DMAPCHECK_PGO=GENERATE \
    -DMAPCHECK_PGO_PROFILE="$profile" -DMAPCHECK_LTO=OFF -DMAPCHECK_DIFFERENTIAL=OFF
  cmake --build build-pgo -j "$jobs" --target mapcheck
  rm -rf "$profile"
  echo "setup.sh: training the profile-guided build: bench/pgo-train.sh build-pgo/cli/mapcheck"
  bench/pgo-train.sh build-pgo/cli/mapcheck
  cmake_args+=(-DCMAKE_BUILD_TYPE=Release -DMAPCHECK_PGO=USE -DMAPCHECK_PGO_PROFILE="$profile"
               -DMAPCHECK_LTO=ON)
else
  cmake_args+=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DMAPCHECK_PGO=OFF -DMAPCHECK_LTO=OFF)
fi
cmake -S . -B "$build_dir" "${cmake_args[@]}"
cmake --build "$build_dir" -j "$jobs"

# A first real check.
if [ -f specs/library/claims/c1_range_write_always_panics.go ] && "$build_dir/cli/mapcheck" --help 2>/dev/null | grep -q check; then
  echo
  echo "setup.sh: first check: mapcheck check specs/library/claims/c1_range_write_always_panics.go"
  "$build_dir/cli/mapcheck" check specs/library/claims/c1_range_write_always_panics.go || true
else
  "$build_dir/cli/mapcheck" --version
fi
echo
echo "setup.sh: built. Run the tests with: ctest --test-dir $build_dir --output-on-failure"
