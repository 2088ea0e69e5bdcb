// want: 6:6: unsupported: append (there are no slices in specs)
package main

func main() {
	x := 1
	_ = append(x, 2)
}
