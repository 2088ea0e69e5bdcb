//go:build ignore

// Claim 6: "Modifying a map during range can leave goroutines deadlocked."
//
// Truth: false. Map operations never block: a concurrent write during a range either
// completes or ends the program with a fatal error. Nothing here can wait forever.
//
// expect: sometimes deadlock
// expect: never deadlock
// expect: outcomes { exit; fatal "concurrent map iteration and map write" }
package main

import "fmt"

func main() {
	m := map[int]int{1: 10, 2: 20}
	go func() {
		delete(m, 1)
		m[3] = 30
	}()
	sum := 0
	for _, v := range m {
		sum += v
	}
	fmt.Println(sum > 0)
}
