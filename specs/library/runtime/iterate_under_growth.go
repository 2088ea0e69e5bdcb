//go:build ignore

// Iteration while the same goroutine makes the map grow. Eight keys fill the single bucket
// (B=0); the ninth insert, made in the first iteration, starts a grow to B=1. The iterator
// keeps walking the old bucket array and re-looks evacuated keys up in the new one, so each
// of the original eight keys is produced exactly once (runtime/map.go mapiternext; Go spec:
// entries present for the whole loop are produced once).
//
// expect: always exit output "8\n"
package main

import "fmt"

func main() {
	m := map[int]int{1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 8}
	grown := false
	seen := 0
	for k := range m {
		if k <= 8 {
			seen++
		}
		if !grown {
			m[9] = 9
			grown = true
		}
	}
	fmt.Println(seen)
}
