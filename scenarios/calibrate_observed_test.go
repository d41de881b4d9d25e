package scenarios

import (
	"context"
	"math"
	"strings"
	"testing"

	"faassim/scenarios/trace"
	"faassim/sim"
)

// TestObserveBillsWhatTheLogsBill works the observed bill out by hand.
// Since 1 August 2025 Lambda bills the INIT phase of on-demand functions
// and the REPORT line's Billed Duration then includes it ("AWS Lambda
// standardizes billing for INIT Phase", aws.amazon.com/blogs/compute/
// aws-lambda-standardizes-billing-for-init-phase); a SnapStart restore is
// billed too, and Billed Duration includes its Billed Restore Duration
// (the part Lambda bills: loading the runtime and the after-restore hooks,
// "Monitoring for Lambda SnapStart", docs.aws.amazon.com/lambda/latest/dg/
// snapstart-monitoring.html): published REPORT lines add up that way, e.g.
// Duration 127.10 ms + Billed Restore 26 ms = 153.1 ms, billed 154 ms, and
// 2,338.66 + 182 = 2,520.66, billed 2,521 ms. Observed GB-s is therefore the
// sum of Billed Duration x Memory Size, with neither Init Duration nor
// Billed Restore Duration added again:
//
//	warm     Duration 100.2 ms, Billed 101 ms,                   1024 MB: 0.101 GB-s
//	cold     Duration 100.2 ms + Init 250 ms, Billed 351 ms,     2048 MB: 0.702 GB-s
//	restore  Duration 127.10 ms + Billed Restore 26 ms, Billed 154 ms, 2048 MB: 0.308 GB-s
//
// 1.111 GB-s in all. The predicted side bills the same (checked in
// TestCalibrationRecoversTheTruth, whose logs bill INIT: predicted and
// observed GB-s within 0.1%): the run bills each execution with the INIT
// it triggered where the price sheet says bills_init (models/faas), never
// the overhead before INIT, which Lambda's Init Duration leaves out too.
func TestObserveBillsWhatTheLogsBill(t *testing.T) {
	ms := func(x float64) sim.Time { return sim.Time(x * 1e6) }
	rs := []trace.LambdaReport{
		{Function: "f", HasTime: true, End: 1e12, Duration: ms(100.2), Billed: ms(101), MemorySizeMB: 1024},
		{Function: "f", HasTime: true, End: 2e12, Duration: ms(100.2), Init: ms(250), Cold: true, Billed: ms(351), MemorySizeMB: 2048},
		{Function: "f", HasTime: true, End: 3e12, Duration: ms(127.10), Restore: ms(325.93), BilledRestore: ms(26), Cold: true, Billed: ms(154), MemorySizeMB: 2048},
	}
	obs, err := Observe(ReportsOf(rs), nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(obs.BilledGBSeconds-1.111) > 1e-9 {
		t.Errorf("billed GB-s %.6f, want 1.111", obs.BilledGBSeconds)
	}
	if obs.Reports != 3 || obs.Cold != 2 {
		t.Errorf("%d reports, %d cold; want 3 and 2", obs.Reports, obs.Cold)
	}
}

// ForObserved cuts a synthetic workload to the functions the logs name,
// so that predicted and observed cover the same requests, and says what
// it left out on either side.
func TestForObserved(t *testing.T) {
	const doc = `name: cut
horizon: 1h
workload:
  synthetic:
    functions:
      - {name: api, runtime: python, arrival: {process: poisson, rate_per_s: 1}, duration: {dist: exponential, mean: 50ms}}
      - {name: report, runtime: python, arrival: {process: poisson, rate_per_s: 1}, duration: {dist: exponential, mean: 50ms}}
      - {name: worker, runtime: python, arrival: {process: poisson, rate_per_s: 1}, duration: {dist: exponential, mean: 50ms}}
platforms:
  - {name: lambda, preset: aws-lambda-x86}
`
	s, err := Load("cut.yaml", []byte(doc), nil)
	if err != nil {
		t.Fatal(err)
	}
	cut, notes := s.ForObserved(&Observation{Functions: map[string]int64{"api": 5, "worker": 3, "ghost": 1}})
	var names []string
	for _, f := range cut.Workload.Synthetic.Functions {
		names = append(names, f.Name)
	}
	if strings.Join(names, ",") != "api,worker" || len(s.Workload.Synthetic.Functions) != 3 {
		t.Errorf("kept %v (original left with %d), want api,worker (and 3)", names, len(s.Workload.Synthetic.Functions))
	}
	text := strings.Join(notes, "\n")
	for _, want := range []string{"not in the scenario: ghost", "left out, having no logs: report"} {
		if !strings.Contains(text, want) {
			t.Errorf("notes %q lack %q", text, want)
		}
	}
	// The cut scenario's lines still point at the file: worker is now
	// functions[1] but written on line 8.
	if o := cut.src.at["workload.synthetic.functions[1]"]; o.line != 8 {
		t.Errorf("worker's line in the cut scenario: %d, want 8", o.line)
	}
	if _, err := Run(context.Background(), cut, Options{}); err != nil {
		t.Fatal(err)
	}
	same, notes := s.ForObserved(&Observation{Functions: map[string]int64{"nobody": 1}})
	if same != s || !strings.Contains(strings.Join(notes, "\n"), "the whole scenario is compared") {
		t.Errorf("no function named: %v, %q", same == s, notes)
	}
}
