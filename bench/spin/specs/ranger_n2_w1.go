//go:build ignore

// main ranges over 2 keys while a goroutine assigns 1 more (the map may grow).
// The Go program of bench/spin/ranger_growth.pml -DNKEYS=2 -DW=1.
//
// expect: sometimes exit
package main

import "fmt"

func main() {
	m := map[int]int{1: 1, 2: 2}
	go func() {
		m[3] = 3
	}()
	cnt := 0
	for range m {
		cnt++
	}
	fmt.Println(cnt)
}
