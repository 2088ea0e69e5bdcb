// want: 6:2: invalid operation: cannot call non-function n (variable of type int)
package main

func main() {
	n := 3
	n()
}
