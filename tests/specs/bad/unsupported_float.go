// want: 5:7: unsupported: floating-point and complex numbers
package main

func main() {
	x := 1.5
	_ = x
}
