// want: 2:29: mapcheck: max-call-depth wants a positive integer (frames per goroutine, at most 4294967295), found 0
// mapcheck: max-call-depth=0
package main

func main() {
}
