//go:build ignore

// 2 goroutines each assign 2 distinct keys to one map; main waits on a WaitGroup.
// The Go program of bench/spin/nwriters.pml -DN=2 -DK=2.
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
		m[2] = 2
		wg.Done()
	}()
	go func() {
		m[3] = 3
		m[4] = 4
		wg.Done()
	}()
	wg.Wait()
}
