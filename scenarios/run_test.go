package scenarios

import (
	"bytes"
	"context"
	"math"
	"testing"

	"faassim/models/analytic"
	"faassim/models/metrics"
	"faassim/reports"
)

// runResults loads and runs a scenario written in the test, with --set
// assignments if any.
func runResults(t *testing.T, text string, sets ...string) metrics.Results {
	t.Helper()
	s, err := Load("t.yaml", []byte(text), sets)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	res, err := Run(context.Background(), s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func runExample(t *testing.T, name string, sets ...string) metrics.Results {
	t.Helper()
	s, err := Open("example:"+name, sets)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// Erlang B(20, 18) = 0.1092128 (analytic.ErlangB). The
// example offers 342,000 requests after warm-up; rejections come in bursts,
// so the standard error is several times the binomial 0.0005: 0.005 is a
// generous bound that still catches a model off by 5%.
func TestErlangBExampleRejects(t *testing.T) {
	p := runExample(t, "erlang-b").Platforms[0]
	got := float64(p.Rejected) / float64(p.Requests)
	if want := analytic.ErlangB(20, 18); math.Abs(got-want) > 0.005 {
		t.Errorf("rejection probability %.5f, Erlang B(20, 18) = %.5f", got, analytic.ErlangB(20, 18))
	}
}

func TestDeterministicJSON(t *testing.T) {
	render := func(sets ...string) []byte {
		var buf bytes.Buffer
		if err := reports.JSON(&buf, runExample(t, "default", append(sets, "horizon=30m", "warmup=5m")...)); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a, b := render(), render()
	if !bytes.Equal(a, b) {
		t.Fatal("the same scenario and seed gave different JSON")
	}
	if c := render("seed=43"); bytes.Equal(a, c) {
		t.Fatal("a different seed gave identical JSON")
	}
	// Replications run in parallel; the result must not depend on scheduling.
	r1, r2 := render("replications=3"), render("replications=3")
	if !bytes.Equal(r1, r2) {
		t.Fatal("replicated runs differ between two identical invocations")
	}
}

// Common random numbers: every platform sees the same invocations, so the
// request counts agree exactly and differences are the platforms' own.
func TestPlatformsShareTheWorkload(t *testing.T) {
	s, err := Load("t.yaml", []byte(`name: crn
seed: 5
horizon: 2h
workload:
  synthetic:
    functions:
      - name: api
        runtime: python
        arrival: {process: poisson, rate_per_s: 0.05}
        duration: {dist: exponential, mean: 200ms}
      - name: hook
        runtime: nodejs
        arrival: {process: mmpp, rate_per_s: 0.01, burst_rate_per_s: 5, burst_mean: 20s, quiet_mean: 10m}
        duration: {dist: exponential, mean: 100ms}
platforms:
  - {name: ttl-10m, preset: aws-lambda-x86, keep_alive: {policy: fixed, ttl: 10m}}
  - {name: ttl-1m, preset: aws-lambda-x86, keep_alive: {policy: fixed, ttl: 1m}}
  - name: fleet
    kind: container
    preset: aws-fargate-x86
    replica: {vcpu: 1, memory_gb: 2, slots: 8}
    scaling: {policy: fixed, replicas: 1}
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Platforms[1:] {
		if p.Requests != res.Platforms[0].Requests {
			t.Errorf("%s saw %d requests, %s %d", p.Name, p.Requests, res.Platforms[0].Name, res.Platforms[0].Requests)
		}
	}
	if res.Platforms[1].ColdStarts <= res.Platforms[0].ColdStarts {
		t.Errorf("a 1-minute TTL gave no more cold starts (%d) than 10 minutes (%d)",
			res.Platforms[1].ColdStarts, res.Platforms[0].ColdStarts)
	}
}

func TestReplicationsGiveConfidenceIntervals(t *testing.T) {
	res := runExample(t, "default", "horizon=20m", "warmup=2m", "replications=4")
	p := res.Platforms[0]
	ci, ok := p.CI95["latency_ms.p99"]
	if !ok {
		t.Fatalf("no ci95 for latency_ms.p99: %v", p.CI95)
	}
	if !(ci[0] < ci[1]) {
		t.Errorf("degenerate confidence interval %v", ci)
	}
}

// Every embedded example runs (shortened: this is a smoke test; the
// examples' own figures are checked in their validation tests).
func TestEveryExampleRuns(t *testing.T) {
	for _, e := range Examples() {
		t.Run(e.Name, func(t *testing.T) {
			skipLargeUnderShort(t, e.Name)
			res := runExample(t, e.Name, CheapExampleSets(e.Name, "horizon=20m", "warmup=0s", "replications=1")...)
			for _, p := range res.Platforms {
				if p.Requests == 0 {
					t.Errorf("%s: no requests", p.Name)
				}
			}
		})
	}
}

// Conservation through the runner: the bundled Azure 2019 excerpt has 48
// invocations in minutes 540-689 (1 + 1 + 46 by function), and the example
// replays that whole window, so every platform sees exactly 48 requests.
func TestAzureSampleReplaysEveryInvocation(t *testing.T) {
	for _, spread := range []string{"uniform", "equidistant", "poisson"} {
		res := runExample(t, "azure-sample", "workload.trace.spread="+spread)
		for _, p := range res.Platforms {
			if p.Requests != 48 {
				t.Errorf("spread %s, %s: %d requests, want the trace's 48", spread, p.Name, p.Requests)
			}
		}
	}
	// A window of the first hour only: the per-minute counts of minutes
	// 540-599 sum to fewer.
	res := runExample(t, "azure-sample", "workload.trace.to=599m")
	if n := res.Platforms[0].Requests; n >= 48 || n == 0 {
		t.Errorf("first hour: %d requests", n)
	}
}

// Sampling a trace's functions picks the same ones in every replication:
// the platforms are built for them. The excerpt's counts are fixed, so the
// sampled function's requests are the same whatever the replication.
func TestTraceSampleIsTheSameAcrossReplications(t *testing.T) {
	one := runExample(t, "azure-sample", "workload.trace.sample=1")
	many := runExample(t, "azure-sample", "workload.trace.sample=1", "replications=4")
	if a, b := one.Platforms[0].Requests, many.Platforms[0].Requests; a != b {
		t.Errorf("sample of 1: %d requests with 1 replication, %d on average with 4", a, b)
	}
}

// Scaling a trace's rate multiplies its rate_scale: twice the rate replays
// two copies of every invocation.
func TestScaleRateOfATrace(t *testing.T) {
	s, err := Open("example:azure-sample", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.traceFunctions(); err != nil { // fills the cache that the copy must not reuse
		t.Fatal(err)
	}
	twice, err := s.ScaleRate(2)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), twice, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := res.Platforms[0].Requests; n != 96 {
		t.Errorf("%d requests at twice the rate, want 2 x 48", n)
	}
}
