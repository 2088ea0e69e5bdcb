// want: 7:6: invalid operation: a + b (mismatched types int and string)
package main

func main() {
	a := 1
	b := "x"
	_ = a + b
}
