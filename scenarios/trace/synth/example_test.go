package synth_test

import (
	"fmt"
	"os"

	"faassim/scenarios/trace"
	"faassim/scenarios/trace/synth"
)

// Write one day of 50 functions and open it like the real trace.
func Example() {
	dir, _ := os.MkdirTemp("", "synth-example-")
	defer os.RemoveAll(dir)
	if err := synth.Generate(dir, synth.Config{Functions: 50, Days: 1, Seed: 1}); err != nil {
		fmt.Println(err)
		return
	}
	tr, err := trace.Open(trace.Spec{Format: trace.FormatAzure2019, Dir: dir, Day: 1}, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(tr.Functions), "functions,", len(tr.Warnings), "warnings")
	// Output:
	// 50 functions, 0 warnings
}
