// want: 5:18: unsupported map value type map[string]int (values must be int, string or bool)
package main

func main() {
	m := map[string]map[string]int{}
	_ = m
}
