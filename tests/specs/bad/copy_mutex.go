// want: 8:11: unsupported: copying mu (variable of type sync.Mutex) (a sync.Mutex is used only through its methods)
package main

import "sync"

func main() {
	var mu sync.Mutex
	other := mu
	other.Lock()
}
