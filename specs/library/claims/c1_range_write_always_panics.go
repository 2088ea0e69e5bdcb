//go:build ignore

// Claim 1: "Since Go 1.22, a write from another goroutine during a range loop always panics."
//
// Truth (Go 1.8 through 1.23): false twice over. The check is best-effort: only the iterator
// looks at hashWriting (in mapiternext), so the overlap is caught only when the writer is
// inside mapassign at the moment the range loop advances; otherwise the program exits
// normally. And what it raises is the unrecoverable fatal error "concurrent map iteration
// and map write", not a panic. Go 1.22 changed nothing here (the check dates from Go 1.8).
//
// expect: always panic "concurrent map iteration and map write"
// expect: sometimes fatal "concurrent map iteration and map write"
// expect: sometimes exit
// expect: never panic
package main

import "fmt"

func main() {
	m := map[int]int{1: 10, 2: 20, 3: 30}
	go func() {
		m[4] = 40
	}()
	n := 0
	for range m {
		n++
	}
	fmt.Println(n)
}
