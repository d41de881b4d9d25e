package duration_test

import (
	"fmt"

	"faassim/internal/duration"
)

// Days join Go's units; a duration prints back in Go's syntax.
func ExampleParse() {
	for _, s := range []string{"7d", "1d12h", "1.5d", "d"} {
		d, err := duration.Parse(s)
		fmt.Println(d, err)
	}
	// Output:
	// 168h0m0s <nil>
	// 36h0m0s <nil>
	// 36h0m0s <nil>
	// 0s invalid duration "d" (use a Go duration such as 10m or 250ms, or days such as 7d)
}
