//go:build ignore

// RWMutex with a recursive read lock: main holds a read lock and takes it again. If a writer
// calls Lock in between, it announces itself (readerCount -= rwmutexMaxReaders) and waits
// for main's first RLock; main's second RLock now waits for the writer: neither can move.
// The sync docs forbid recursive read locking for exactly this reason.
//
// expect: sometimes deadlock
// expect: sometimes exit
// expect: never fatal
package main

import (
	"fmt"
	"sync"
)

var (
	rw sync.RWMutex
	m  = map[int]int{1: 1}
)

func read(k int) int {
	rw.RLock()
	defer rw.RUnlock()
	return m[k]
}

func main() {
	go func() {
		rw.Lock()
		m[2] = 2
		rw.Unlock()
	}()
	rw.RLock()
	v := read(1)
	rw.RUnlock()
	fmt.Println(v)
}
