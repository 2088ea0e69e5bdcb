// want: 7:17: syntax error: unexpected newline in argument list; possibly missing comma or )
package main

import "fmt"

func main() {
	fmt.Println("a"
}
