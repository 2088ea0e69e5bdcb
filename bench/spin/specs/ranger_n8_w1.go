//go:build ignore

// main ranges over 8 keys while a goroutine assigns 1 more (the map may grow).
// The Go program of bench/spin/ranger_growth.pml -DNKEYS=8 -DW=1.
//
// expect: sometimes exit
package main

import "fmt"

func main() {
	m := map[int]int{1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 8}
	go func() {
		m[9] = 9
	}()
	cnt := 0
	for range m {
		cnt++
	}
	fmt.Println(cnt)
}
