// want: 5:2: unsupported: goto
package main

func main() {
	goto end
}
