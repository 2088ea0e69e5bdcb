// want: 2:20: mapcheck: unknown grain bucket (want op, phase or access)
// mapcheck: grain=bucket
package main

func main() {
}
