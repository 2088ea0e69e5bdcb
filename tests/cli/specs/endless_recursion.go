//go:build ignore

// Recursion without end (CallDepthTest, docs/spec-language.md): every call pushes a frame, so
// every state is new; real Go dies with fatal "stack overflow" once the stack passes 1 GB.
// mapcheck holds the goroutine at its call-depth bound (--max-call-depth, default 1000) and
// reports the search INCOMPLETE.

// expect: always fatal "stack overflow"
package main

import "fmt"

func depth(m map[int]int, n int) int {
	m[n%4]++
	return depth(m, n+1) + 1
}

func main() {
	m := map[int]int{}
	fmt.Println(depth(m, 0))
}
