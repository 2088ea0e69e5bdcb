// want: 4:8: unsupported import "os"
package main

import "os"

func main() {
}
