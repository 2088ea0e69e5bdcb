// want: 2:32: mapcheck: want : after a hash table key
// mapcheck: hash=table{1:0x0, 2}
package main

func main() {
}
