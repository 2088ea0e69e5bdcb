// want: 6:12: unsupported: type switches
package main

func main() {
	var v any = 1
	switch v.(type) {
	}
}
