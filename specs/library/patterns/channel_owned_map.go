//go:build ignore

// A map owned by one goroutine: others send requests over a channel and only the owner
// touches the map, so there is no concurrent access at all. Closing the requests channel
// ends the owner's range loop; it then reports the size on a reply channel.
//
// expect: always exit output "2\n"
// expect: never fatal
// expect: never deadlock
package main

import "fmt"

func main() {
	requests := make(chan string)
	reply := make(chan int)
	go func() {
		m := map[string]int{}
		for k := range requests {
			m[k]++
		}
		reply <- len(m)
	}()
	done := make(chan struct{})
	go func() {
		requests <- "a"
		done <- struct{}{}
	}()
	requests <- "b"
	<-done
	requests <- "a"
	close(requests)
	fmt.Println(<-reply)
}
