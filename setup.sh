#!/usr/bin/env bash
# setup.sh: install mapcheck's build dependencies (Debian 12 packages), build it in build/,
# and run a first real check so you see it work. Idempotent; run as root or with sudo.
#   ./setup.sh              install, configure, build, first check
#   ./setup.sh --no-install skip apt-get (packages already present)
#   ./setup.sh --werror     build with warnings as errors (CI does)
#   ./setup.sh --sanitize   build with AddressSanitizer + UBSan (in build-sanitize/)
set -euo pipefail
cd "$(dirname "$0")"

install=1
cmake_args=()
build_dir=build
for arg in "$@"; do
  case "$arg" in
    --no-install) install=0 ;;
    --werror) cmake_args+=(-DMAPCHECK_WERROR=ON) ;;
    --sanitize) cmake_args+=(-DMAPCHECK_SANITIZE=ON); build_dir=build-sanitize ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

# Every package the build, the tests and the renderer need; nothing is downloaded from elsewhere.
packages=(
  g++ cmake make pkg-config git clang-format
  libcppunit-dev libfmt-dev libxxhash-dev nlohmann-json3-dev libcli11-dev libboost-graph-dev
  libgraphviz-dev graphviz
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

jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${cmake_args[@]}"
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
