//go:build ignore

// Another goroutine's insert that makes the map grow while main ranges: the grow happens
// inside mapassign's hashWriting window, so the iterator can also catch it there; when the
// writer is outside the window the loop finishes over the old array and exits normally.
//
// mapcheck: grain=phase
// expect: sometimes fatal "concurrent map iteration and map write"
// expect: sometimes exit
// expect: never fatal "concurrent map writes"
package main

import "fmt"

func main() {
	m := map[int]int{1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 8}
	go func() {
		m[9] = 9
	}()
	n := 0
	for range m {
		n++
	}
	fmt.Println(n >= 8)
}
