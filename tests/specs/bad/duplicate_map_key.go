// want: 5:30: duplicate key "a" in map literal
package main

func main() {
	m := map[string]int{"a": 1, "a": 2}
	_ = m
}
