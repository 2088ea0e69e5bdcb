// want: 4:1: syntax error: non-declaration statement outside function body
package main

x := 1

func main() {
}
