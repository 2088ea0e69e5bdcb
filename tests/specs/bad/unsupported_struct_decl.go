// want: 4:1: unsupported: type declarations
package main

type point struct {
	x, y int
}

func main() {
}
