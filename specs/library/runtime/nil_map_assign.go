//go:build ignore

// Assigning to a nil map is an ordinary, recoverable run-time panic ("assignment to entry in
// nil map"), unlike concurrent misuse, which is fatal. Reading a nil map returns the zero
// value.
//
// expect: always exit output "0\nrecovered: assignment to entry in nil map\n"
package main

import "fmt"

func write(m map[string]int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered:", r)
		}
	}()
	m["a"] = 1
}

func main() {
	var m map[string]int
	fmt.Println(m["a"])
	write(m)
}
