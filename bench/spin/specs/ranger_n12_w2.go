//go:build ignore

// main ranges over 12 keys while a goroutine assigns 2 more (the map may grow).
// The Go program of bench/spin/ranger_growth.pml -DNKEYS=12 -DW=2.
//
// expect: sometimes exit
package main

import "fmt"

func main() {
	m := map[int]int{1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 8, 9: 9, 10: 10, 11: 11, 12: 12}
	go func() {
		m[13] = 13
		m[14] = 14
	}()
	cnt := 0
	for range m {
		cnt++
	}
	fmt.Println(cnt)
}
