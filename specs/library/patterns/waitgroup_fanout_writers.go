//go:build ignore

// WaitGroup fan-out with unguarded writers: the WaitGroup makes main wait, but it does not
// serialize the writers, so two goroutines writing one map can fatal with "concurrent map
// writes".
//
// expect: sometimes fatal "concurrent map writes"
// expect: sometimes exit output "2\n"
package main

import (
	"fmt"
	"sync"
)

func main() {
	m := map[int]int{}
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m[i] = i
		}()
	}
	wg.Wait()
	fmt.Println(len(m))
}
