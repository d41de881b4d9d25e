package printable_test

import (
	"fmt"

	"faassim/internal/printable"
)

// A name from a user's file cannot write control sequences to a terminal.
func ExampleEscape() {
	fmt.Println(printable.Escape("api\x1b[2Jv2"))
	// Output: api\x1b[2Jv2
}
