// want: 7:3: unsupported: fallthrough
package main

func main() {
	switch x := 1; x {
	case 1:
		fallthrough
	default:
	}
}
