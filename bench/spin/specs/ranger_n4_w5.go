//go:build ignore

// main ranges over 4 keys while a goroutine assigns 5 more (the map may grow).
// The Go program of bench/spin/ranger_growth.pml -DNKEYS=4 -DW=5.
//
// expect: sometimes exit
package main

import "fmt"

func main() {
	m := map[int]int{1: 1, 2: 2, 3: 3, 4: 4}
	go func() {
		m[5] = 5
		m[6] = 6
		m[7] = 7
		m[8] = 8
		m[9] = 9
	}()
	cnt := 0
	for range m {
		cnt++
	}
	fmt.Println(cnt)
}
