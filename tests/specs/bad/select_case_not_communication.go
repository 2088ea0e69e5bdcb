// want: 8:7: select case must be receive, send or assign recv
package main

func main() {
	ch := make(chan int)
	x := 0
	select {
	case x > 0:
	case <-ch:
	}
}
