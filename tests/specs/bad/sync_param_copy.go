// want: 7:14: unsupported: parameter of type sync.WaitGroup (sync values cannot be copied; use a package variable or a captured one)
// want: 14:10: unsupported: copying wg (variable of type sync.WaitGroup) (a sync.WaitGroup is used only through its methods)
package main

import "sync"

func work(wg sync.WaitGroup) {
	wg.Done()
}

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go work(wg)
	wg.Wait()
}
