//go:build ignore

// Deleting during range, in the same goroutine: deleting the current key is fine, and a key
// deleted before it is reached is never produced (Go spec). Each iteration removes its key
// and its partner (5-k), so exactly two iterations run and the map ends empty.
//
// expect: always exit output "2 0\n"
package main

import "fmt"

func main() {
	m := map[int]int{1: 1, 2: 2, 3: 3, 4: 4}
	n := 0
	for k := range m {
		n++
		delete(m, k)
		delete(m, 5-k)
	}
	fmt.Println(n, len(m))
}
