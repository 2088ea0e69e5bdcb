//go:build ignore

// 2 readers (RLock; read m[1]; RUnlock) and 1 writers (Lock; m[1+j] = j; Unlock) share a
// map under one sync.RWMutex; main waits on a WaitGroup. No map fatal can happen.
// The Go program of bench/spin/rwmutex.pml -DR=2 -DW=1.
//
// expect: never fatal "concurrent map read and map write"
// expect: never fatal "concurrent map writes"
// expect: sometimes exit
package main

import "sync"

func main() {
	m := map[int]int{1: 1}
	var mu sync.RWMutex
	var wg sync.WaitGroup
	wg.Add(3)
	go func() {
		mu.RLock()
		_ = m[1]
		mu.RUnlock()
		wg.Done()
	}()
	go func() {
		mu.RLock()
		_ = m[1]
		mu.RUnlock()
		wg.Done()
	}()
	go func() {
		mu.Lock()
		m[2] = 1
		mu.Unlock()
		wg.Done()
	}()
	wg.Wait()
}
