//go:build ignore

// Same-goroutine mutation during range: delete a key not yet reached and the current key,
// then insert the current key again. The re-inserted key is a new entry: it takes the first
// free slot of the bucket, which the rotated slot order may not have visited yet, so it can
// be produced a second time (reference: go-hmap-runtime.md §5 (iii), verified on go1.19:
// 138 of 200 runs). One deleted key is never produced, so the loop runs 7 or 8 times.
//
// expect: sometimes exit output "8\n"
// expect: sometimes exit output "7\n"
// expect: outcomes { exit output "7\n"; exit output "8\n" }
package main

import "fmt"

func main() {
	m := map[int]int{0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7}
	n := 0
	first := true
	for k := range m {
		n++
		if first {
			first = false
			delete(m, (k+5)%8)
			delete(m, k)
			m[k] = 1
		}
	}
	fmt.Println(n)
}
