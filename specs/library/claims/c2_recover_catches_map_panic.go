//go:build ignore

// Claim 2: "That panic can be caught with recover() and handled gracefully."
//
// Truth: false. Concurrent map misuse calls fatal() (throw() before Go 1.19), which ends the
// process without running deferred calls; recover() never sees it. The only recoverable map
// errors are "assignment to entry in nil map" and "hash of unhashable type".
//
// expect: never fatal "concurrent map iteration and map write"
// expect: sometimes fatal "concurrent map iteration and map write"
// expect: never exit output "recovered: concurrent map iteration and map write\n"
package main

import "fmt"

func main() {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered:", r)
		}
	}()
	m := map[int]int{1: 10, 2: 20, 3: 30}
	go func() {
		defer func() {
			recover()
		}()
		m[4] = 40
	}()
	for k := range m {
		_ = k
	}
}
