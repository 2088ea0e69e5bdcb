// want: 5:2: break is not in a loop, switch, or select
package main

func main() {
	break
}
