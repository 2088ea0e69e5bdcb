// want: 6:9: range over ch (variable of type chan int) permits only one iteration variable
package main

func main() {
	ch := make(chan int)
	for a, b := range ch {
		_, _ = a, b
	}
}
