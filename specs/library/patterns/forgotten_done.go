//go:build ignore

// A forgotten Done: one of two workers returns early without calling wg.Done, so Wait never
// returns. Every goroutine is then blocked (main in Wait, nobody else alive): Go's deadlock
// detector fires.
//
// expect: always deadlock
package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	m := map[int]bool{}
	var wg sync.WaitGroup
	wg.Add(2)
	for i := 0; i < 2; i++ {
		go func() {
			if i == 1 {
				return
			}
			defer wg.Done()
			mu.Lock()
			m[i] = true
			mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println(len(m))
}
