// want: 6:2: declared and not used: x
// want: 7:9: declared and not used: v
package main

func main() {
	x := 1
	for k, v := range map[int]int{1: 2} {
		_ = k
	}
}
