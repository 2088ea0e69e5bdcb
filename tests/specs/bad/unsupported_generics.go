// want: 4:11: unsupported: generic functions (type parameters)
package main

func first[T any](x T) T {
	return x
}

func main() {
}
