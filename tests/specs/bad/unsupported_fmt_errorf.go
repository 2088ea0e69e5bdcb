// want: 7:6: unsupported: fmt.Errorf
package main

import "fmt"

func main() {
	fmt.Errorf("x")
}
