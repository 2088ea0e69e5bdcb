// want: 2:12: expect: want always, never, sometimes or outcomes, found usually
// expect: usually exit
package main

func main() {
}
