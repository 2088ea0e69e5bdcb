// want: 5:8: invalid operation: cannot close receive-only channel ch (variable of type <-chan bool)
package main

func stop(ch <-chan bool) {
	close(ch)
}

func main() {
	stop(make(chan bool))
}
