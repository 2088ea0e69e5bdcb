//go:build ignore

// Unrecovered, the nil-map assignment panic ends the program with "panic: assignment to
// entry in nil map" (a runtime error, exit status 2).
//
// expect: always panic "assignment to entry in nil map"
package main

func main() {
	var m map[int]int
	m[1] = 1
}
