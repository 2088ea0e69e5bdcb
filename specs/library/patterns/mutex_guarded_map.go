//go:build ignore

// A map guarded by a sync.Mutex: every access holds the lock, so no map check can fire and
// both increments always land.
//
// expect: always exit output "2\n"
// expect: never fatal
package main

import (
	"fmt"
	"sync"
)

var (
	mu     sync.Mutex
	counts = map[string]int{}
)

func inc(k string) {
	mu.Lock()
	defer mu.Unlock()
	counts[k]++
}

func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		inc("x")
	}()
	go func() {
		defer wg.Done()
		inc("x")
	}()
	wg.Wait()
	mu.Lock()
	fmt.Println(counts["x"])
	mu.Unlock()
}
