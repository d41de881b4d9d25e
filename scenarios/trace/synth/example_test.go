package synth_test

import (
	"context"
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

// Replay a weekend without writing it: DaysFS generates each day when
// the reader opens it, one day in memory at a time. Day 6 of the Azure
// 2019 calendar is a Saturday.
func ExampleDaysFS() {
	ctx := context.Background()
	cfg := synth.Config{Functions: 50, Seed: 1}
	fsys, err := synth.DaysFS(ctx, cfg, []int{5, 6, 7})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, day := range []int{5, 6, 7} {
		tr, err := trace.Open(trace.Spec{Format: trace.FormatAzure2019, FS: fsys, Dir: ".", Day: day}, 1)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("day %d (%s): %d functions\n", day, synth.Weekday(day), len(tr.Functions))
	}
	fmt.Println(fsys.(*synth.Days).Generations(), "days generated")
	// Output:
	// day 5 (Friday): 50 functions
	// day 6 (Saturday): 50 functions
	// day 7 (Sunday): 50 functions
	// 3 days generated
}
