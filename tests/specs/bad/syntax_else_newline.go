// want: 7:2: syntax error: unexpected keyword else, expected }
package main

func main() {
	if true {
	}
	else {
	}
}
