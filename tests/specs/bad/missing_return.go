// want: 8:1: missing return
package main

func f(x int) int {
	if x > 0 {
		return 1
	}
}

func main() {
	_ = f(1)
}
