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

// Read the REPORT lines of a SnapStart function as `sam logs` printed
// them; the malformed line is counted with its place, not dropped.
func ExampleReadLambdaReports() {
	st, _ := trace.ReadLambdaReports(trace.LambdaOptions{Paths: []string{"testdata/lambda/ledger.log"}}, func(r *trace.LambdaReport) error {
		fmt.Printf("%s line %d: %v (restore %v) cold=%v status=%q\n", r.Function, r.Line, r.Duration, r.Restore, r.Cold, r.Status)
		return nil
	})
	fmt.Println(st.Forms, st.MalformedWarning())
	// Output:
	// ledger line 5: 380.5ms (restore 452.3ms) cold=true status=""
	// ledger line 6: 20.25ms (restore 0s) cold=false status=""
	// ledger line 8: 50ms (restore 0s) cold=false status="error"
	// map[sam-logs:1] 1 malformed line skipped (testdata/lambda/ledger.log:7: Max Memory Used: "MB": want a whole number of MB)
}

// ParseDays reads the day lists of workload.trace's days and --days.
func ExampleParseDays() {
	days, err := trace.ParseDays("1-3,7")
	fmt.Println(days, err)
	_, err = trace.ParseDays("2,2")
	fmt.Println(err)
	// Output:
	// [1 2 3 7] <nil>
	// days: day 2 is listed twice (items 1 and 2)
}
