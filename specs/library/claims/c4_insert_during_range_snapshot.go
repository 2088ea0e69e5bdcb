//go:build ignore

// Claim 4: "Inserting keys during a range loop never affects that loop (it iterates a
// snapshot)."
//
// Truth: false. There is no snapshot: the iterator walks the live buckets. The Go spec says
// an entry created during iteration "may be produced during the iteration or may be
// skipped"; with the random start bucket and offset, the new keys 11 and 12 (same bucket,
// later slots) are produced in some runs and not in others.
//
// expect: always exit output "2\n"
// expect: sometimes exit output "3\n"
// expect: never fatal "concurrent map iteration and map write"
package main

import "fmt"

func main() {
	m := map[int]int{1: 1, 2: 2}
	n := 0
	for k := range m {
		n++
		if k < 10 {
			m[k+10] = k
		}
	}
	fmt.Println(n)
}
