//go:build ignore

// 2 goroutines each assign 1 distinct keys to one map; main waits on a WaitGroup.
// The Go program of bench/spin/nwriters.pml -DN=2 -DK=1.
//
// expect: sometimes exit
package main

import "sync"

func main() {
	m := map[int]int{}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		m[1] = 1
		wg.Done()
	}()
	go func() {
		m[2] = 2
		wg.Done()
	}()
	wg.Wait()
}
