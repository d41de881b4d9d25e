package trace_test

import (
	"fmt"

	"faassim/models/workload"
	"faassim/scenarios/trace"
)

// Replay the generic CSV sample: time 0 is its first arrival.
func Example() {
	tr, err := trace.Open(trace.Spec{Format: trace.FormatCSV, Path: "testdata/sample.csv"}, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	var inv workload.Invocation
	for tr.Source.Next(&inv) {
		fmt.Printf("%v %s runs %v\n", inv.Arrival, tr.Functions[inv.Function].Name, inv.Duration)
	}
	// Output:
	// 0s api runs 120.5ms
	// 500ms cron runs 1s
	// 750.000001ms api runs 99ms
	// 1m0.75s api runs 101.25ms
}

// The three functions of the Azure 2019 excerpt, spread equidistantly.
func ExampleInspect() {
	tr, _ := trace.Open(trace.Spec{Format: trace.FormatAzure2019, Dir: "testdata/azure2019", Day: 1, Spread: trace.SpreadEquidistant}, 1)
	s, _ := trace.Inspect(tr)
	fmt.Printf("%d invocations of %d functions over %.0f min; %.0f%% of apps at most once a minute\n",
		s.Invocations, s.Functions, s.SpanS/60, s.AppsAtMostOncePerMinutePct)
	// Output:
	// 48 invocations of 3 functions over 150 min; 100% of apps at most once a minute
}
