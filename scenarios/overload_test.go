package scenarios

import (
	"context"
	"fmt"
	"math"
	"testing"

	"faassim/models/metrics"
)

// The break-even scan of the default example: at 26.47 and 57.04
// requests/s the 3 Fargate tasks of fargate-fixed fall behind (p99 over a
// minute and over four) while only 0.03% of the requests are left in
// flight at the horizon. The horizon-only rule
// called fargate-fixed cheaper there; it must be saturated, and never
// called cheaper, while the cost crossing near 14.5/s, where it serves the
// load, stays.
func TestBreakEvenDefaultNeverCallsSaturatedCheaper(t *testing.T) {
	if testing.Short() {
		t.Skip("the full break-even scan of the default example")
	}
	s, err := Open("example:default", nil)
	if err != nil {
		t.Fatal(err)
	}
	be, err := FindBreakEven(context.Background(), s, "lambda", "fargate-fixed",
		BreakEvenOptions{Low: 0.1, High: 10, Points: 7, Bisections: 5, Tolerance: 0.02})
	if err != nil {
		t.Fatal(err)
	}
	saturatedAt := map[string]bool{"26.47": true, "57.04": true}
	for _, p := range append(be.Points, be.Crossing) {
		rate := fmt.Sprintf("%.4g", p.RatePerS)
		if want := saturatedAt[rate]; p.BSaturated != want || p.B.Saturated != want {
			t.Errorf("at %s/s fargate-fixed saturated = %v, want %v (p99 %.0f ms, %q)",
				rate, p.BSaturated, want, p.B.LatencyMS.P99, p.B.Warnings)
		}
		if p.ASaturated {
			t.Errorf("at %s/s lambda saturated: %q", rate, p.A.Warnings)
		}
		if saturatedAt[rate] {
			// The trap: on cost alone the saturated fleet is cheaper.
			if p.B.MonthlyCostUSD >= p.A.MonthlyCostUSD {
				t.Errorf("at %s/s fargate-fixed costs $%.2f, lambda $%.2f: the case no longer shows a cheaper saturated fleet",
					rate, p.B.MonthlyCostUSD, p.A.MonthlyCostUSD)
			}
			if p.BCheaper || p.Cheaper != "lambda" {
				t.Errorf("at %s/s the saturated fargate-fixed is called cheaper (b_cheaper %v, cheaper %q)", rate, p.BCheaper, p.Cheaper)
			}
			// At 26.47/s the fleet falls behind as the day rises to its
			// 15-16 h peak; at 57.04/s already in a long night-time burst
			// of webhooks (2h25m).
			at := *p.B.SaturatedAtS
			if rate == "26.47" && (at < 9*3600 || at > 16*3600) {
				t.Errorf("at %s/s saturated from %v s, want during the day's rise (9 h-16 h)", rate, at)
			}
			t.Logf("at %s/s: %q", rate, p.B.Warnings)
		}
	}
	if !be.Found || math.Abs(be.Crossing.RatePerS-14.48) > 0.5 || be.Crossing.BSaturated {
		t.Errorf("crossing found %v at %.4g/s (saturated %v), want about 14.48/s, fargate-fixed serving",
			be.Found, be.Crossing.RatePerS, be.Crossing.BSaturated)
	}
}

// One Fargate task (1 vCPU, 1 slot) at 80 requests/s of a 200 ms function
// for 20 minutes: the function runs 200 ms x 0.29 = 57.9 ms on a full
// vCPU (measured at 512 MB, 0.289 vCPU on Lambda), so the task serves
// about 17/s and the queue grows by over 60 a second from the first bucket.
func TestOneFargateTaskOverloaded(t *testing.T) {
	res := runOverloadYAML(t, "{dist: deterministic, value: 200ms}", "", "")
	p := res.Platforms[0]
	if !p.Saturated || p.SaturatedAtS == nil || *p.SaturatedAtS > 300 {
		t.Fatalf("saturated %v from %v, want from the first bucket (%q)", p.Saturated, p.SaturatedAtS, p.Warnings)
	}
	t.Logf("%d requests, %d completed: %q", p.Requests, p.Completed, p.Warnings)
}

// The function's timeout applies to containers as to Lambda: at 300 ms,
// durations measured at 512 MB (lognormal, median 200 ms, p99 1 s) are
// cut on both. On the task they run 0.29 times as long, so fewer exceed
// it, but some do. A request_timeout of 2 s on the same overloaded task
// turns its backlog into timeouts: every completed request within 2 s.
func TestContainerTimeoutsEndToEnd(t *testing.T) {
	res := runOverloadYAML(t, "{dist: lognormal, median: 200ms, p99: 1s}", `
        timeout: 300ms`, `
    request_timeout: 2s`)
	lambda, task := res.Platforms[1], res.Platforms[0]
	if lambda.TimedOut == 0 || task.TimedOut == 0 {
		t.Errorf("timed out: lambda %d, task %d; want both above 0", lambda.TimedOut, task.TimedOut)
	}
	// Runs cut at the function's own timeout are the function's doing:
	// Lambda serves the load, it is not saturated.
	if lambda.Saturated {
		t.Errorf("lambda with %d of %d cut at the function's timeout is called saturated: %q", lambda.TimedOut, lambda.Requests, lambda.Warnings)
	}
	if task.LatencyMS.Max > 2000*1.01 || task.TimedOut < task.Requests/2 {
		t.Errorf("task: max latency %v ms, %d of %d timed out: want at most 2 s, over half timed out",
			task.LatencyMS.Max, task.TimedOut, task.Requests)
	}
}

// runOverloadYAML runs one Fargate task and Lambda at 80 requests/s for 20
// minutes, with the given durations and extra function and task YAML.
func runOverloadYAML(t *testing.T, duration, fnYAML, taskYAML string) metrics.Results {
	t.Helper()
	return runResults(t, `name: overload
seed: 1
horizon: 20m
workload:
  synthetic:
    functions:
      - name: f
        runtime: python
        memory_mb: 512`+fnYAML+`
        arrival: {process: poisson, rate_per_s: 80}
        duration: `+duration+`
platforms:
  - name: task
    kind: container
    preset: aws-fargate-x86
    replica: {vcpu: 1, memory_gb: 2, slots: 1, startup: 60s}
    scaling: {policy: fixed, replicas: 1}`+taskYAML+`
  - name: lambda
    preset: aws-lambda-x86
`)
}
