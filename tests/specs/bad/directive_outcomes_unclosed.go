// want: 2:37: expect: want ; or } in outcomes, found end of line
// expect: outcomes { exit; deadlock
package main

func main() {
}
