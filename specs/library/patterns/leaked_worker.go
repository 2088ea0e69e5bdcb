//go:build ignore

// A leaked worker: main sends one job on an unbuffered channel but the worker loops for
// more; main returns while the worker is blocked in receive. Go does not report this (main
// returning ends the program); mapcheck reports the exit as a leak.
//
// expect: always leak
// expect: never deadlock
package main

import "fmt"

func main() {
	jobs := make(chan int)
	results := map[int]int{}
	done := make(chan bool)
	go func() {
		for j := range jobs {
			results[j] = j * j
			done <- true
		}
	}()
	jobs <- 3
	<-done
	fmt.Println(results[3])
}
