// want: 6:10: invalid operation: division by zero
package main

func main() {
	x := 10
	_ = x / 0
}
