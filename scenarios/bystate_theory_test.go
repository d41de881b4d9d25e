package scenarios

import (
	"context"
	"fmt"
	"testing"
)

// With one request per instance, no limit, an infinite keep-alive and no
// warm-up, instances never go: the pool is the running maximum of the
// requests in flight, and a request starts cold exactly when it finds
// every instance busy, taking the pool from k to k+1. So in each run
// every state below the final pool K holds exactly one cold start (the
// one that left it) and state K none, whatever the arrivals and the
// durations: the states are recorded before the request starts any
// instance, or the cold starts would sit one state up.
func TestByInstancesRunningMaximum(t *testing.T) {
	for _, tc := range []struct{ duration, cold string }{
		{"{dist: exponential, mean: 1s}", "{dist: deterministic, value: 0s}"},
		{"{dist: lognormal, median: 400ms, p99: 2s}", "{dist: exponential, mean: 300ms}"},
	} {
		y := fmt.Sprintf(`name: running-max
seed: 5
replications: 4
horizon: 10m
warmup: 0s
workload:
  synthetic:
    functions:
      - {name: f, arrival: {process: poisson, rate_per_s: 3}, duration: %s}
platforms:
  - {name: g, preset: generic, keep_alive: {policy: infinite}, cold_start: %s}
`, tc.duration, tc.cold)
		s, err := Load("t.yaml", []byte(y), nil)
		if err != nil {
			t.Fatal(err)
		}
		_, runs, err := RunReplications(context.Background(), s, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range runs[0] {
			top := len(r.ByInstances) - 1
			if int64(top) != r.PeakInstances || r.ColdStarts != r.PeakInstances {
				t.Errorf("%s run %d: states to %d, peak %d instances, %d cold starts: want all equal", tc.duration, i, top, r.PeakInstances, r.ColdStarts)
			}
			for k, st := range r.ByInstances {
				want := int64(1)
				if k == top {
					want = 0
				}
				if st.ColdStarts != want || st.Requests < want {
					t.Errorf("%s run %d: state %d: %d cold starts of %d requests, want %d", tc.duration, i, k, st.ColdStarts, st.Requests, want)
				}
			}
		}
	}
}
