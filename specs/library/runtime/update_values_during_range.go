//go:build ignore

// Same-goroutine mutation during range: overwriting the value of existing keys (no new
// entries, no growth) never disturbs the iteration; every key is produced once and sees its
// old value.
//
// expect: always exit output "6 60\n"
package main

import "fmt"

func main() {
	m := map[string]int{"a": 1, "b": 2, "c": 3}
	sum := 0
	for k, v := range m {
		sum += v
		m[k] = v * 10
	}
	fmt.Println(sum, m["a"]+m["b"]+m["c"])
}
