package main

import (
	"os"
	"path/filepath"
)

// A scenario that is too small to be interesting but shows the shape of the
// comparison: one function called every 2 s, kept warm for 10 minutes, so
// only the first of 300 requests is cold.
func Example_run() {
	dir, _ := os.MkdirTemp("", "faassim-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "tiny.yaml")
	os.WriteFile(path, []byte(`name: tiny
seed: 1
horizon: 10m
workload:
  synthetic:
    functions:
      - name: api
        runtime: python
        arrival: {process: deterministic, rate_per_s: 0.5}
        duration: {dist: deterministic, value: 120ms}
platforms:
  - name: lambda
    preset: aws-lambda-x86
    cold_start: {dist: deterministic, value: 300ms}
`), 0o644)
	run([]string{"run", path}, os.Stdout, os.Stderr)
	// Output:
	// scenario tiny  seed 1  horizon 10m (warm-up 0s)  1 replication
	//
	//   platform  kind  requests  rejected  timed out  in flight  cold %  p50 ms  p99 ms  mean instances  utilization %  cost/M req $  monthly $
	//   lambda    faas       299         0          0          0    0.33     120     120            1.00           6.05          0.45       0.58
	//
	// as run (durations x the factor of those measured at each function's memory_mb; --format markdown states every assumption):
	//   lambda  aws-lambda-x86, keep-alive 10m, api 128 MB x1
	//
	// live instances: share of the measured window at each count (the JSON lists every count)
	//   lambda
	//     0  ▏                                0.33%
	//     1  ██████████████████████████████   99.7%  <- mean 1.00
	//
	// statistics cover the 10m after the warm-up; costs project it to a 30-day month
	// work across the window's edges is billed pro rata for its part inside; in flight is still waiting or running at the end
	// cold % is among requests not rejected; latency is end to end (wait + cold start + run)
}
