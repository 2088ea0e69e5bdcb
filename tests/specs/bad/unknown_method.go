// want: 8:5: wg.Finish undefined (type sync.WaitGroup has no field or method Finish)
package main

import "sync"

func main() {
	var wg sync.WaitGroup
	wg.Finish()
}
