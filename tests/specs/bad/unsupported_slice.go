// want: 5:8: unsupported type []int
package main

func main() {
	var s []int
	_ = s
}
