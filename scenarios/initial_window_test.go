package scenarios

import (
	"math"
	"testing"
)

// A busy initial instance whose execution straddles the end of the
// warm-up is billed and measured for its part inside the window only (the
// pro-rata rule of models/pricing/window.go): a 5 s execution from 0 with
// a 2 s warm-up bills 3/5 of what it bills with none, is 3 busy seconds
// against 5, and is no request either way.
func TestInitialBusyStraddlesWarmup(t *testing.T) {
	const y = `name: straddle
seed: 1
horizon: 20s
workload:
  synthetic:
    functions:
      - {name: f, runtime: python, memory_mb: 1024, arrival: {process: replay, at: [1h]}, duration: {dist: deterministic, value: 5s}}
platforms:
  - name: l
    preset: aws-lambda-x86
    keep_alive: {policy: fixed, ttl: 1s}
    initial_instances: [{state: busy, count: 1}]
`
	run := func(warmup string) (costUSD, busyS, liveS float64, requests int64) {
		p := runResults(t, y, "warmup="+warmup).Platforms[0]
		return p.CostUSD.Total, p.InstanceSeconds.Busy, p.InstanceSeconds.Busy + p.InstanceSeconds.Idle, p.Requests
	}
	whole, busy0, live0, n0 := run("0s")
	part, busy2, live2, n2 := run("2s")
	if !(whole > 0) || math.Abs(part/whole-0.6) > 1e-9 {
		t.Errorf("cost %v with a 2 s warm-up, %v without: ratio %v, want 3/5", part, whole, part/whole)
	}
	if busy0 != 5 || busy2 != 3 || live0 != 6 || live2 != 4 || n0 != 0 || n2 != 0 {
		t.Errorf("busy %v and %v s, live %v and %v s, requests %d and %d; want 5 and 3, 6 and 4, none", busy0, busy2, live0, live2, n0, n2)
	}
}
