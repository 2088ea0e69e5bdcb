//go:build ignore

// Claim 7: "Copy-on-write updates (load the map, copy it, add a key, store it back) need no
// lock when readers only load."
//
// Truth: false for more than one writer. Readers are fine (published maps are never written
// again, and concurrent reads are legal), but two updaters can both load the same old map,
// each add their key to a private copy, and store back: the second store drops the first
// update. Writers must be serialized (a mutex around load-copy-store).
//
// expect: always exit output "2\n"
// expect: sometimes exit output "1\n"
// expect: never fatal "concurrent map writes"
package main

import (
	"fmt"
	"runtime"
)

var current = map[string]int{}

func update(k string, v int) {
	old := current
	next := make(map[string]int)
	for kk, vv := range old {
		next[kk] = vv
	}
	next[k] = v
	current = next
}

func main() {
	done := false
	go func() {
		update("a", 1)
		done = true
	}()
	update("b", 2)
	for !done {
		runtime.Gosched()
	}
	fmt.Println(len(current))
}
