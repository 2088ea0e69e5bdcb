#!/usr/bin/env bash
# gen-specs.sh: write the Go programs the Promela models in this folder stand for, as mapcheck
# specs, into specs/ (nwriters_nN_kK.go for N=1..4, K=1..3). Deterministic; rerun to regenerate.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p specs
for n in 1 2 3 4; do
  for k in 1 2 3; do
    f=specs/nwriters_n${n}_k${k}.go
    {
      echo '//go:build ignore'
      echo
      echo "// $n goroutines each assign $k distinct keys to one map; main waits on a WaitGroup."
      echo "// The Go program of bench/spin/nwriters.pml -DN=$n -DK=$k."
      echo '//'
      echo '// expect: sometimes exit'
      echo 'package main'
      echo
      echo 'import "sync"'
      echo
      echo 'func main() {'
      echo '	m := map[int]int{}'
      echo '	var wg sync.WaitGroup'
      echo "	wg.Add($n)"
      for g in $(seq 0 $((n - 1))); do
        echo '	go func() {'
        for j in $(seq 1 "$k"); do
          key=$((g * k + j))
          echo "		m[$key] = $key"
        done
        echo '		wg.Done()'
        echo '	}()'
      done
      echo '	wg.Wait()'
      echo '}'
    } >"$f"
  done
done
# ranger_nN_wW.go: the program of ranger_growth.pml -DNKEYS=N -DW=W.
for nw in "2 1" "4 5" "8 1" "12 2" "13 1"; do
  set -- $nw
  n=$1 w=$2
  f=specs/ranger_n${n}_w${w}.go
  {
    echo '//go:build ignore'
    echo
    echo "// main ranges over $n keys while a goroutine assigns $w more (the map may grow)."
    echo "// The Go program of bench/spin/ranger_growth.pml -DNKEYS=$n -DW=$w."
    echo '//'
    echo '// expect: sometimes exit'
    echo 'package main'
    echo
    echo 'import "fmt"'
    echo
    echo 'func main() {'
    printf '\tm := map[int]int{'
    for k in $(seq 1 "$n"); do
      [ "$k" = 1 ] || printf ', '
      printf '%d: %d' "$k" "$k"
    done
    echo '}'
    echo '	go func() {'
    for k in $(seq $((n + 1)) $((n + w))); do
      echo "		m[$k] = $k"
    done
    echo '	}()'
    echo '	cnt := 0'
    echo '	for range m {'
    echo '		cnt++'
    echo '	}'
    echo '	fmt.Println(cnt)'
    echo '}'
  } >"$f"
done
# rwmutex_rR_wW.go: the program of rwmutex.pml -DR=R -DW=W.
for rw in "1 1" "2 1" "1 2" "2 2" "3 1"; do
  set -- $rw
  r=$1 w=$2
  f=specs/rwmutex_r${r}_w${w}.go
  {
    echo '//go:build ignore'
    echo
    echo "// $r readers (RLock; read m[1]; RUnlock) and $w writers (Lock; m[1+j] = j; Unlock) share a"
    echo '// map under one sync.RWMutex; main waits on a WaitGroup. No map fatal can happen.'
    echo "// The Go program of bench/spin/rwmutex.pml -DR=$r -DW=$w."
    echo '//'
    echo '// expect: never fatal "concurrent map read and map write"'
    echo '// expect: never fatal "concurrent map writes"'
    echo '// expect: sometimes exit'
    echo 'package main'
    echo
    echo 'import "sync"'
    echo
    echo 'func main() {'
    echo '	m := map[int]int{1: 1}'
    echo '	var mu sync.RWMutex'
    echo '	var wg sync.WaitGroup'
    echo "	wg.Add($((r + w)))"
    for j in $(seq 1 "$r"); do
      echo '	go func() {'
      echo '		mu.RLock()'
      echo '		_ = m[1]'
      echo '		mu.RUnlock()'
      echo '		wg.Done()'
      echo '	}()'
    done
    for j in $(seq 1 "$w"); do
      echo '	go func() {'
      echo '		mu.Lock()'
      echo "		m[$((1 + j))] = $j"
      echo '		mu.Unlock()'
      echo '		wg.Done()'
      echo '	}()'
    done
    echo '	wg.Wait()'
    echo '}'
  } >"$f"
done
