#!/usr/bin/env bash
# The mapcheck executable's own option parsing (CLI11, cli/main.cpp), which the in-process
# suites do not reach: a bad --max-call-depth is a usage error (exit 2, the error and the hint
# to --help on stderr, nothing on stdout), and `check --help` lists the option.
# Usage: usage.sh MAPCHECK SPEC
set -u
mapcheck=$1
spec=$2
fail=0
say() { echo "$1"; fail=1; }

# expect_usage_error WANT_IN_STDERR ARGS...: exit 2, nothing on stdout, WANT on stderr.
expect_usage_error() {
  local want=$1
  shift
  local out err status
  err=$(mktemp)
  out=$("$mapcheck" "$@" 2>"$err")
  status=$?
  [ "$status" = 2 ] || say "mapcheck $*: exit $status, want 2"
  [ -z "$out" ] || say "mapcheck $*: printed on stdout: $out"
  grep -qF -- "$want" "$err" || say "mapcheck $*: stderr lacks '$want': $(cat "$err")"
  grep -qF -- "--help" "$err" || say "mapcheck $*: stderr does not point to --help"
  rm -f "$err"
}

expect_usage_error "--max-call-depth" check --max-call-depth 0 "$spec"
expect_usage_error "--max-call-depth" check --max-call-depth deep "$spec"
expect_usage_error "--max-call-depth" check --max-call-depth -3 "$spec"
expect_usage_error "--max-call-depth" run --max-call-depth 0 "$spec"
"$mapcheck" check --help | grep -q -- "--max-call-depth" || say "check --help lacks --max-call-depth"
"$mapcheck" check --quiet --traces none --max-call-depth 1000 "$spec" >/dev/null 2>&1
status=$?
[ "$status" != 2 ] || say "mapcheck check --max-call-depth 1000 $spec: a usage error"
exit $fail
