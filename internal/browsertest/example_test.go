package browsertest_test

import (
	"fmt"
	"strings"

	"faassim/internal/browsertest"
)

func ExampleFlags() {
	fmt.Println(strings.Join(browsertest.Flags[:2], " "))
	// Output: --headless --no-sandbox
}
