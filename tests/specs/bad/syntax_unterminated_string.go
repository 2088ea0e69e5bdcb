// want: 6:10: string literal not terminated
// want: 6:15: syntax error: unexpected newline in argument list; possibly missing comma or )
package main

func main() {
	println("abc)
}
