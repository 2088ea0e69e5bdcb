// want: 9:10: too many arguments in call to mu.Lock
package main

import "sync"

var mu sync.Mutex

func main() {
	mu.Lock(1)
	mu.Unlock()
}
