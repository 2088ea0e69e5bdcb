// want: 4:9: unsupported: b is used before its declaration (package variables are initialized in source order)
package main

var a = b + 1
var b = 2

func main() {
	println(a)
}
