// want: 6:7: unsupported type []int
package main

func main() {
	n := 1
	s := []int{n, 2}
	_ = s
}
