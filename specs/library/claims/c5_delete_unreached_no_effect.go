//go:build ignore

// Claim 5: "Deleting a not-yet-reached key during a range loop does not affect the loop."
//
// Truth: false. The Go spec: "If a map entry that has not yet been reached is removed during
// iteration, the corresponding iteration value will not be produced." Deleting every other
// key in the first iteration leaves a loop of exactly one iteration, whatever the order.
//
// expect: always exit output "3\n"
// expect: always exit output "1\n"
package main

import "fmt"

func main() {
	m := map[int]bool{1: true, 2: true, 3: true}
	n := 0
	for k := range m {
		n++
		for j := 1; j <= 3; j++ {
			if j != k {
				delete(m, j)
			}
		}
	}
	fmt.Println(n)
}
