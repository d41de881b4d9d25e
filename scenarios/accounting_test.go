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

// longExecutions is 1 request/s of 15-minute executions at 2,048 MB on AWS
// Lambda x86 (account limit 1,000: about 900 run at once), measured over
// the second hour.
const longExecutions = `
name: long-executions
seed: 1
horizon: 2h
warmup: 1h
workload:
  synthetic:
    functions:
      - name: long
        runtime: python
        memory_mb: 2048
        arrival: {process: deterministic, rate_per_s: 1}
        duration: {dist: deterministic, value: 15m}
platforms:
  - name: lambda
    preset: aws-lambda-x86
    keep_alive: {policy: fixed, ttl: 6m}
`

// Regression (issue 8): the window's bill is the window's usage. 900
// executions in flight for the 3,600 s window at 2 GB are 6,480,000 GB-s, at
// $0.0000166667 per GB-s (aws.amazon.com/lambda/pricing, x86, first tier)
// $108.00. Executions of warm-up arrivals that run into the window were not
// billed before, which gave $94.52 for 3,240,000 busy instance-seconds.
func TestWindowBillsWorkRunningIntoIt(t *testing.T) {
	for _, arrival := range []string{"deterministic", "poisson"} {
		t.Run(arrival, func(t *testing.T) {
			p := runYAML(t, longExecutions, "workload.synthetic.functions.0.arrival.process="+arrival).Platforms[0]
			busy := p.InstanceSeconds.Busy
			if arrival == "deterministic" {
				if math.Abs(busy-3_240_000) > 10 {
					t.Errorf("busy %.0f instance-seconds, want 3,240,000", busy)
				}
				if got := math.Round(p.CostUSD.Compute * 100); got != 10800 {
					t.Errorf("compute $%.4f, want $108.00", p.CostUSD.Compute)
				}
			}
			// Whatever the arrivals, compute is the busy time's GB-s (INIT
			// is a few seconds of the 3.24 M).
			if want := busy * 2 * 0.0000166667; math.Abs(p.CostUSD.Compute-want) > 0.001*want {
				t.Errorf("compute $%.2f for %.0f busy instance-seconds at 2 GB, want $%.2f", p.CostUSD.Compute, busy, want)
			}
		})
	}
}

// Moving the window along a steady workload does not move its bill.
func TestSteadyBillDoesNotDependOnTheWindow(t *testing.T) {
	a := runYAML(t, longExecutions).Platforms[0]
	b := runYAML(t, longExecutions, "warmup=90m", "horizon=150m").Platforms[0]
	if math.Abs(a.CostUSD.Compute-b.CostUSD.Compute) > 0.01 {
		t.Errorf("window [1h, 2h): $%.4f; window [1h30m, 2h30m): $%.4f", a.CostUSD.Compute, b.CostUSD.Compute)
	}
}

// A cold start on Lambda bills its INIT share, not its overhead: every
// request cold (keep-alive none), 1 s end to end for Node.js, of which
// 54% is INIT (coldstart.InitShare), before a 100 ms run: 640 ms billed per
// request at 2,048 MB, 10 requests/s for an hour: 36,000 x 0.64 s x 2 GB x
// $0.0000166667 = $0.768.
func TestLambdaBillsTheInitShareOfAColdStart(t *testing.T) {
	p := runYAML(t, `
name: init-share
seed: 1
horizon: 1h
workload:
  synthetic:
    functions:
      - name: f
        runtime: nodejs
        memory_mb: 2048
        arrival: {process: deterministic, rate_per_s: 10}
        duration: {dist: deterministic, value: 100ms}
platforms:
  - name: lambda
    preset: aws-lambda-x86
    keep_alive: {policy: none}
    cold_start: {dist: deterministic, value: 1s}
`).Platforms[0]
	if p.ColdStarts != p.Requests {
		t.Fatalf("%d cold starts for %d requests, want all cold", p.ColdStarts, p.Requests)
	}
	want := float64(p.Requests) * 0.64 * 2 * 0.0000166667
	if math.Abs(p.CostUSD.Compute-want) > 0.001*want {
		t.Errorf("compute $%.4f for %d requests, want $%.4f (100 ms run + 540 ms INIT each)", p.CostUSD.Compute, p.Requests, want)
	}
}

// checkFates asserts requests = completed + rejected + timed out + in
// flight for every platform, as printed.
func checkFates(t *testing.T, label string, res metrics.Results) {
	t.Helper()
	for _, p := range res.Platforms {
		if sum := p.Completed + p.Rejected + p.TimedOut + p.InFlight; sum != p.Requests {
			t.Errorf("%s, %s: requests %d != completed %d + rejected %d + timed out %d + in flight %d = %d",
				label, p.Name, p.Requests, p.Completed, p.Rejected, p.TimedOut, p.InFlight, sum)
		}
	}
}

// Conservation on every embedded example, as it runs and with three
// replications (the printed counts are rounded means, and must still add
// up).
func TestEveryRequestHasOneFate(t *testing.T) {
	for _, e := range scenarios.Examples() {
		t.Run(e.Name, func(t *testing.T) {
			for _, sets := range [][]string{nil, {"replications=3"}} {
				if testing.Short() && sets != nil {
					continue
				}
				s, err := scenarios.Open("example:"+e.Name, scenarios.CheapExampleSets(e.Name, sets...))
				if err != nil {
					t.Fatal(err)
				}
				res, err := scenarios.Run(context.Background(), s, scenarios.Options{})
				if err != nil {
					t.Fatal(err)
				}
				checkFates(t, e.Name+" "+s.Name, res)
			}
		})
	}
}

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
