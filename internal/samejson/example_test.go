package samejson_test

import (
	"fmt"
	"testing"

	"faassim/internal/samejson"
)

// printer reports Compare's differences on standard output.
type printer struct{ testing.TB }

func (printer) Helper()                   {}
func (printer) Errorf(f string, a ...any) { fmt.Printf(f+"\n", a...) }
func (printer) Fatalf(f string, a ...any) { fmt.Printf(f+"\n", a...) }

// Merged shards against the whole run: the count must be exact, the mean
// may differ in its last digits.
func ExampleCompare() {
	differ := samejson.Compare(printer{}, []byte(`{"requests": 11, "mean": 1.0000000000001}`),
		[]byte(`{"requests": 10, "mean": 1.0}`), samejson.Rules{})
	fmt.Println(differ, "number within 12 significant digits")
	// Output:
	// $.requests: 11, want exactly 10
	// 1 number within 12 significant digits
}
