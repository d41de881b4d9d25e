package textfile_test

import (
	"fmt"

	"faassim/internal/textfile"
)

// The first line over the cap is named, so the message can say where.
func ExampleLongLine() {
	fmt.Println(textfile.LongLine([]byte("ok\nmuch too long\n"), 8))
	// Output: 2
}
