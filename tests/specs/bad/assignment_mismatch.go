// want: 9:2: assignment mismatch: 3 variables but two() returns 2 values
package main

func two() (int, int) {
	return 1, 2
}

func main() {
	a, b, c := two()
	_, _, _ = a, b, c
}
