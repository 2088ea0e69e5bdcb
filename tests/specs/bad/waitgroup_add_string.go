// want: 8:9: cannot use "1" (untyped string constant) as int value in argument to wg.Add
package main

import "sync"

func main() {
	var wg sync.WaitGroup
	wg.Add("1")
	wg.Wait()
}
