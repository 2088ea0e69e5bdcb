//go:build ignore

// main ranges over 13 keys while a goroutine assigns 1 more (the map may grow).
// The Go program of bench/spin/ranger_growth.pml -DNKEYS=13 -DW=1.
//
// expect: sometimes exit
package main

import "fmt"

func main() {
	m := map[int]int{1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 8, 9: 9, 10: 10, 11: 11, 12: 12, 13: 13}
	go func() {
		m[14] = 14
	}()
	cnt := 0
	for range m {
		cnt++
	}
	fmt.Println(cnt)
}
