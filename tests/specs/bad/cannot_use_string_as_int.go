// want: 9:8: cannot use "three" (untyped string constant) as int value in argument to f
package main

func f(n int) int {
	return n
}

func main() {
	_ = f("three")
}
