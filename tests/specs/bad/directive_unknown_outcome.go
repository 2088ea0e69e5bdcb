// want: 2:19: expect: unknown outcome crash (want exit, fatal, panic, deadlock or leak)
// expect: always crash
package main

func main() {
}
