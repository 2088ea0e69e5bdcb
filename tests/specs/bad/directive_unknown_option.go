// want: 2:14: mapcheck: unknown option colour (known: runtime, grain, order, hash, max-preemptions, max-depth, max-states, time-limit, max-call-depth)
// mapcheck: colour=blue
package main

func main() {
}
