// want: 4:1: expect: directive after the package clause (directives must come before package)
package main

// expect: always exit

func main() {
}
