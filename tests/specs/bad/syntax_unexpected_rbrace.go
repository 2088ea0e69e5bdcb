// want: 6:14: syntax error: unexpected ), expected expression
package main

func main() {
	if true {
		println(1 +)
	}
}
