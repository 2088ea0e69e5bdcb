//go:build ignore

// Calling Done more often than Add panics with "sync: negative WaitGroup counter".
//
// expect: always panic "sync: negative WaitGroup counter"
package main

import "sync"

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	wg.Done()
	wg.Done()
}
