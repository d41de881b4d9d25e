package limits_test

import (
	"fmt"
	"strings"

	"faassim/internal/limits"
)

// A scenario nested past the depth cap is refused before the YAML parser
// sees it; a size is written the way --max-memory takes it.
func Example() {
	in := limits.YAMLInput("scenario file", limits.Budget{})
	deep := "x: " + strings.Repeat("[", 200) + strings.Repeat("]", 200) + "\n"
	fmt.Println(in.CheckYAML([]byte(deep)) != nil, in.CheckYAML([]byte("x: [1, [2]]\n")) == nil)
	b, _ := limits.ParseBytes("4GiB")
	fmt.Println(b)
	// Output:
	// true true
	// 4GiB
}
