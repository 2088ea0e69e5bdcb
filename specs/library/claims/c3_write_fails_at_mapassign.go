//go:build ignore

// Claim 3: "The write fails at its entry (mapassign) as soon as an iteration is active, even
// if the range loop never reads again."
//
// Truth: false. mapassign checks only hashWriting (another writer), never the iterator
// flag; mapiterinit sets the iterator bit but no writer reads it. Here the loop body starts a
// writer, waits until it has written, and leaves the loop without another mapiternext: the
// write succeeds every time and the program always exits printing 3.
//
// expect: always fatal "concurrent map writes"
// expect: always exit output "3\n"
package main

import (
	"fmt"
	"runtime"
)

func main() {
	m := map[int]int{1: 10, 2: 20}
	written := false
	for k := range m {
		go func() {
			m[k+100] = k
			written = true
		}()
		for !written {
			runtime.Gosched()
		}
		break
	}
	fmt.Println(len(m))
}
