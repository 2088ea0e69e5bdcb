//go:build ignore

// Concurrent readers are legal: lookups and iterations never set hashWriting, so no check
// can fire however they interleave (runtime TestConcurrentReadsAfterGrowth).
//
// expect: never fatal
// expect: always exit output "3\n"
package main

import "fmt"

func main() {
	m := map[string]int{"a": 1, "b": 2}
	go func() {
		for k, v := range m {
			_ = m[k] + v
		}
	}()
	go func() {
		_, ok := m["a"]
		_ = ok
	}()
	fmt.Println(m["a"] + m["b"])
}
