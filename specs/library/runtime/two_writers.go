//go:build ignore

// Two writers: each checks hashWriting at entry and again at exit (the XOR toggle), so an
// overlap is usually, but not always, caught; both messages are "concurrent map writes".
//
// expect: sometimes fatal "concurrent map writes"
// expect: sometimes exit
// expect: never fatal "concurrent map iteration and map write"
package main

import (
	"fmt"
	"runtime"
)

func main() {
	m := map[int]int{}
	done := false
	go func() {
		m[1] = 1
		done = true
	}()
	m[2] = 2
	for !done {
		runtime.Gosched()
	}
	fmt.Println(len(m))
}
