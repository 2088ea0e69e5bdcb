// want: 8:7: too many arguments in call to f
package main

func f(a int) {
}

func main() {
	f(1, 2)
}
