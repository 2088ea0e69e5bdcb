// want: 6:1: syntax error: unexpected }, expected expression
package main

func main() {
	x := 
}
