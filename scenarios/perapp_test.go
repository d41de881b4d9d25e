package scenarios

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"faassim/models/metrics"
	"faassim/reports"
)

// perAppScenario has four apps (shop's two functions, a blog, a timer-like
// report job and a rare admin tool) on three FaaS platforms that differ
// only in keep-alive, and a container baseline.
const perAppScenario = `name: per-app
seed: 11
horizon: 12h
warmup: 1h
workload:
  synthetic:
    functions:
      - {name: cart, app: shop, runtime: nodejs, memory_mb: 512, arrival: {process: poisson, rate_per_s: 0.02}, duration: {dist: exponential, mean: 200ms}}
      - {name: pay, app: shop, runtime: nodejs, memory_mb: 1024, arrival: {process: poisson, rate_per_s: 0.005}, duration: {dist: exponential, mean: 500ms}}
      - {name: blog, runtime: python, memory_mb: 256, arrival: {process: poisson, rate_per_s: 0.05}, duration: {dist: exponential, mean: 100ms}}
      - {name: report, app: jobs, runtime: python, memory_mb: 2048, arrival: {process: poisson, rate_per_s: 0.001}, duration: {dist: exponential, mean: 5s}}
      - {name: admin, app: tools, runtime: java, memory_mb: 1024, arrival: {process: poisson, rate_per_s: 0.0003}, duration: {dist: exponential, mean: 1s}}
platforms:
  - {name: ttl-10m, preset: aws-lambda-x86, keep_alive: {policy: fixed, ttl: 10m}}
  - {name: ttl-1m, preset: aws-lambda-x86, keep_alive: {policy: fixed, ttl: 1m}}
  - {name: hybrid, preset: aws-lambda-x86, keep_alive: {policy: hybrid}}
  - name: fleet
    kind: container
    preset: aws-fargate-x86
    replica: {vcpu: 1, memory_gb: 2, slots: 4, startup: 60s}
    scaling: {policy: fixed, replicas: 1}
`

func runPerApp(t *testing.T, opt Options, sets ...string) metrics.Results {
	t.Helper()
	s, err := Load("t.yaml", []byte(perAppScenario), sets)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), s, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestPerAppResults(t *testing.T) {
	res := runPerApp(t, Options{PerApp: PerApp{On: true, Top: 10}})
	for _, p := range res.Platforms {
		if p.Kind == "container" {
			if p.Apps != nil {
				t.Errorf("%s: a container platform has apps: %+v", p.Name, p.Apps)
			}
			continue
		}
		a := p.Apps
		if a == nil {
			t.Fatalf("%s: no apps with --per-app", p.Name)
		}
		if len(a.Top) != 4 {
			t.Fatalf("%s: top lists %d apps, want all 4 (asked for 10)", p.Name, len(a.Top))
		}
		// Every admitted request is some app's (nothing queues here).
		var requests, cold int64
		var wasted float64
		for i, app := range a.Top {
			requests += app.Requests
			cold += app.ColdStarts
			wasted += app.WastedMemoryGBS
			if i > 0 && app.Requests > a.Top[i-1].Requests {
				t.Errorf("%s: top not in order of requests: %+v", p.Name, a.Top)
			}
		}
		if requests != p.Requests-p.Rejected || cold != p.ColdStarts {
			t.Errorf("%s: apps add up to %d requests, %d cold; platform %d admitted, %d cold", p.Name, requests, cold, p.Requests-p.Rejected, p.ColdStarts)
		}
		if d := wasted - a.WastedMemoryGBS; d > 1e-6 || d < -1e-6 {
			t.Errorf("%s: top apps waste %.3f GB-s, the platform %.3f", p.Name, wasted, a.WastedMemoryGBS)
		}
		if a.Top[0].App != "blog" || a.Top[1].App != "shop" {
			t.Errorf("%s: busiest apps %s, %s; want blog (0.05/s), shop (0.025/s)", p.Name, a.Top[0].App, a.Top[1].App)
		}
		// The admin tool, about 12 requests over 11 h, counts: 3 or 4 apps.
		if a.Count < 3 || a.ColdStartPct.P25 > a.ColdStartPct.P50 || a.ColdStartPct.P75 > a.ColdStartPct.P90 {
			t.Errorf("%s: %+v", p.Name, a)
		}
	}
	// The same arrivals: a 1-minute TTL keeps instances a tenth as long
	// after each request, so it wastes less memory and starts more cold.
	ten, one := res.Platforms[0].Apps, res.Platforms[1].Apps
	if !(one.WastedMemoryGBS < ten.WastedMemoryGBS && one.ColdStartPct.P75 > ten.ColdStartPct.P75) {
		t.Errorf("ttl 1m: %.0f GB-s, p75 %.1f%%; ttl 10m: %.0f GB-s, p75 %.1f%%: want less waste and more cold starts at 1m",
			one.WastedMemoryGBS, one.ColdStartPct.P75, ten.WastedMemoryGBS, ten.ColdStartPct.P75)
	}

	for _, p := range runPerApp(t, Options{}).Platforms {
		if p.Apps != nil {
			t.Errorf("%s: apps without --per-app", p.Name)
		}
	}
	for _, p := range runPerApp(t, Options{PerApp: PerApp{On: true}}).Platforms {
		if p.Apps != nil && p.Apps.Top != nil {
			t.Errorf("%s: a top list without --per-app N", p.Name)
		}
	}
}

// Same scenario and seed, replications run in parallel: byte-identical
// JSON with per-app statistics.
func TestPerAppDeterministic(t *testing.T) {
	render := func() []byte {
		var buf bytes.Buffer
		if err := reports.JSON(&buf, runPerApp(t, Options{PerApp: PerApp{On: true, Top: 3}}, "replications=3", "horizon=4h")); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a, b := render(), render()
	if !bytes.Equal(a, b) {
		t.Fatal("the same scenario and seed gave different JSON")
	}
	for _, key := range []string{`"apps": {`, `"cold_start_pct": {`, `"wasted_memory_gb_s": `, `"top": [`} {
		if !bytes.Contains(a, []byte(key)) {
			t.Errorf("no %s in the JSON", key)
		}
	}
}

func TestPerAppOptionRefused(t *testing.T) {
	s, err := Load("t.yaml", []byte(perAppScenario), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, pa := range []PerApp{{On: true, Top: -1}, {On: true, Top: metrics.MaxTopApps + 1}, {Top: 3}} {
		_, err := Run(context.Background(), s, Options{PerApp: pa})
		var probs Problems
		if !errors.As(err, &probs) || !strings.Contains(err.Error(), "--per-app") {
			t.Errorf("%+v: %v, want a problem with --per-app", pa, err)
		}
	}
}

// Per-app records count in the estimate, in each simulation and in the
// records kept for pooling.
func TestPerAppEstimate(t *testing.T) {
	s, err := Load("t.yaml", []byte(perAppScenario), nil)
	if err != nil {
		t.Fatal(err)
	}
	off, err := s.Estimate(Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	on, err := s.Estimate(Options{Workers: 1, PerApp: PerApp{On: true}})
	if err != nil {
		t.Fatal(err)
	}
	// 4 apps: 160 bytes in the simulation, 3 FaaS platforms x (1
	// replication + the pooled summary) x 48 bytes kept.
	if d := on.Bytes - off.Bytes; d != 4*appRecordBytes+3*2*4*appKeptBytes {
		t.Errorf("per-app records add %.0f bytes, want %d", d, 4*appRecordBytes+3*2*4*appKeptBytes)
	}
}
