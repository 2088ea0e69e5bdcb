// want: 5:11: unsupported map key type bool (keys must be int or string)
package main

func main() {
	m := map[bool]int{}
	_ = m
}
