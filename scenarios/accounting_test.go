package scenarios_test

import (
	"context"
	"math"
	"testing"

	"faassim/models/metrics"
	"faassim/scenarios"
)

func runYAML(t *testing.T, src string, sets ...string) metrics.Results {
	t.Helper()
	s, err := scenarios.Load(t.Name()+".yaml", []byte(src), sets)
	if err != nil {
		t.Fatal(err)
	}
	res, err := scenarios.Run(context.Background(), s, scenarios.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The window-billing and conservation properties (the window's bill is
// its usage, a steady bill does not depend on the window, INIT billed,
// every request has one fate) are cases of the validation suite
// (scenarios/validation), run by its test and by faassim validate.

// Regression (issue 8): one Fargate task at 80 requests/s of a 200 ms
// function for 20 minutes. At 1,769 MB the function gets one vCPU, as on
// the task, so the task serves exactly 5 requests/s: 6,000 in the 1,200 s,
// and the other ~90,000 (of 80 x 1,200 = 96,000 offered) wait in its queue
// at the horizon. They were counted nowhere (0 rejected, 0 timed out); now
// they are in flight.
func TestOverloadedTaskShowsItsBacklog(t *testing.T) {
	p := runYAML(t, `
name: one-task
seed: 1
horizon: 20m
warmup: 0s
workload:
  synthetic:
    functions:
      - name: api
        memory_mb: 1769
        arrival: {process: poisson, rate_per_s: 80}
        duration: {dist: deterministic, value: 200ms}
platforms:
  - name: fargate
    kind: container
    preset: aws-fargate-x86
    replica: {vcpu: 1, memory_gb: 2, slots: 1}
    scaling: {policy: fixed, replicas: 1}
`).Platforms[0]
	if math.Abs(float64(p.Requests)-96_000) > 3*math.Sqrt(96_000) {
		t.Errorf("%d requests, want about 96,000", p.Requests)
	}
	if p.Completed < 5_999 || p.Completed > 6_000 || p.Rejected != 0 || p.TimedOut != 0 {
		t.Errorf("completed %d, rejected %d, timed out %d; want 6,000 (or 5,999), 0, 0", p.Completed, p.Rejected, p.TimedOut)
	}
	if p.InFlight != p.Requests-p.Completed {
		t.Errorf("in flight %d, want the %d requests not served", p.InFlight, p.Requests-p.Completed)
	}
	if !p.Saturated {
		t.Errorf("a task serving 6,000 of %d requests is not flagged saturated", p.Requests)
	}
}
