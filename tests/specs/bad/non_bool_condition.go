// want: 6:5: non-boolean condition in if statement
package main

func main() {
	x := 1
	if x {
	}
}
