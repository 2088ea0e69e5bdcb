// want: 4:6: unsupported: method declarations
package main

func (c counter) inc() {
}

func main() {
}
