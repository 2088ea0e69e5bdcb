//go:build ignore

// Copy-on-write with atomic.Value done wrong: each Load and Store is atomic, but the
// load-copy-store sequence is not, so two writers can both copy the same snapshot and the
// later Store drops the other's key (a lost update; no runtime check can see it).
//
// Both writers can Load the empty snapshot before either Stores (the program prints 1), or
// run one after the other (it prints 2): both outputs are reachable.
//
// expect: sometimes exit output "2\n"
// expect: sometimes exit output "1\n"
// expect: never fatal
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

var snapshot atomic.Value

func update(k string, v int) {
	old := snapshot.Load().(map[string]int)
	next := make(map[string]int, len(old)+1)
	for kk, vv := range old {
		next[kk] = vv
	}
	next[k] = v
	snapshot.Store(next)
}

func main() {
	snapshot.Store(map[string]int{})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		update("a", 1)
	}()
	go func() {
		defer wg.Done()
		update("b", 2)
	}()
	wg.Wait()
	fmt.Println(len(snapshot.Load().(map[string]int)))
}
