// want: 6:7: unsupported: pointers (&x)
package main

func main() {
	x := 1
	p := &x
	_ = p
}
