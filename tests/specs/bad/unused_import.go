// want: 6:2: "sync" imported and not used
package main

import (
	"fmt"
	"sync"
)

func main() {
	fmt.Println(1)
}
