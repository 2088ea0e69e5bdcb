//go:build ignore

// A read concurrent with a write: mapaccess checks hashWriting once at entry, so the read
// fatals only if it enters while the writer is inside mapassign's window; otherwise both
// complete (best-effort detection).
//
// expect: sometimes fatal "concurrent map read and map write"
// expect: sometimes exit
// expect: outcomes { exit; fatal "concurrent map read and map write" }
package main

import "fmt"

func main() {
	m := map[int]int{1: 1}
	go func() {
		m[2] = 2
	}()
	v := m[1]
	fmt.Println(v)
}
