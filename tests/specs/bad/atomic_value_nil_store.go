// want: 8:10: unsupported: storing nil in an atomic.Value (Go panics: sync/atomic: store of nil value into Value)
package main

import "sync/atomic"

func main() {
	var v atomic.Value
	v.Store(nil)
}
