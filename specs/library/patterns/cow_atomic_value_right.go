//go:build ignore

// Copy-on-write with atomic.Value done right: readers Load without a lock; writers serialize
// load-copy-store with a mutex, so no update is lost.
//
// expect: always exit output "2\n"
// expect: never fatal
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

var (
	snapshot atomic.Value
	writeMu  sync.Mutex
)

func update(k string, v int) {
	writeMu.Lock()
	defer writeMu.Unlock()
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
