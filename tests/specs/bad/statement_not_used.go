// want: 6:2: x + 1 (value of type int) is not used
package main

func main() {
	x := 1
	x + 1
}
