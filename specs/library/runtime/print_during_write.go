//go:build ignore

// fmt prints a map by walking it with the runtime's iterator (internal/fmtsort uses
// reflect.MapIter: mapiterinit, then mapiternext), so a map being printed while another
// goroutine writes it can be caught like a range: "concurrent map iteration and map write".
// A walk that misses the write's hashWriting window sees the map before or after it, or with
// key 3 and value 0: mapassign returns the element's slot, and the caller stores the value
// only after mapassign has cleared hashWriting.
//
// expect: sometimes fatal "concurrent map iteration and map write"
// expect: sometimes exit output "map[1:1 2:2]\n"
// expect: sometimes exit output "map[1:1 2:2 3:3]\n"
// expect: sometimes exit output "map[1:1 2:2 3:0]\n"
// expect: never fatal "concurrent map writes"
package main

import (
	"fmt"
	"sync"
)

func main() {
	m := map[int]int{1: 1, 2: 2}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m[3] = 3
	}()
	s := fmt.Sprint(m)
	wg.Wait()
	fmt.Println(s)
}
