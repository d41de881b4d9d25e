package yamlerr_test

import (
	"fmt"

	"github.com/goccy/go-yaml/parser"

	"faassim/internal/yamlerr"
)

// A parser error becomes a line and a one-line message.
func ExampleSplit() {
	_, err := parser.ParseBytes([]byte("name: [x\n"), 0)
	line, msg := yamlerr.Split(err)
	fmt.Println(line, msg)
	// Output: 1 sequence end token ']' not found
}
