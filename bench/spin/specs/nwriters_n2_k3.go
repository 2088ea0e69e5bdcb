//go:build ignore

// 2 goroutines each assign 3 distinct keys to one map; main waits on a WaitGroup.
// The Go program of bench/spin/nwriters.pml -DN=2 -DK=3.
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
		m[3] = 3
		wg.Done()
	}()
	go func() {
		m[4] = 4
		m[5] = 5
		m[6] = 6
		wg.Done()
	}()
	wg.Wait()
}
