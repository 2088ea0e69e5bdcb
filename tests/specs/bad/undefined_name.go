// want: 5:7: undefined: undefinedVar
package main

func main() {
	y := undefinedVar + 1
	_ = y
}
