//go:build ignore

// clear(m) during range (Go 1.21+): mapclear marks every cell of the current and old arrays
// emptyRest so that existing iterators stop (issue 59411). The loop runs exactly once.
//
// mapcheck: runtime=go1.22
// expect: always exit output "1 0\n"
package main

import "fmt"

func main() {
	m := map[int]int{1: 1, 2: 2, 3: 3}
	n := 0
	for range m {
		n++
		clear(m)
	}
	fmt.Println(n, len(m))
}
