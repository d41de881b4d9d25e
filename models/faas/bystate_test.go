package faas

import (
	"slices"
	"testing"

	"faassim/models/dist"
	"faassim/models/keepalive"
	"faassim/models/metrics"
	"faassim/models/workload"
	"faassim/sim"
)

// Requests by the instances of their function (pool) that existed when
// they arrived, on tiny scenarios worked out by hand like TestEventLogs.
// Rows are {requests, rejected, cold starts} at k = 0, 1, ...; cold starts
// take 100 ms.
func TestByInstancesByHand(t *testing.T) {
	s, ms := sim.Second, sim.Millisecond
	cold := dist.Deterministic{Value: 100 * ms}
	inv := func(at, d sim.Time, f int32) workload.Invocation {
		return workload.Invocation{Arrival: at, Duration: d, Function: f}
	}
	type row = metrics.StateCount
	tests := []struct {
		name string
		cfg  Config
		fns  int
		app  bool // both functions in app 0
		invs []workload.Invocation
		want metrics.ByInstances
	}{{
		// 0 s: none, cold (i1 busy to 3.1 s); 1 s: i1 busy, cold (i2 to
		// 4.1 s); 5 s: both idle, warm.
		name: "none, one busy, two idle",
		cfg:  Config{Horizon: 60 * s},
		invs: []workload.Invocation{inv(0, 3*s, 0), inv(1*s, 3*s, 0), inv(5*s, 3*s, 0)},
		want: metrics.ByInstances{{Requests: 1, ColdStarts: 1}, {Requests: 1, ColdStarts: 1}, {Requests: 1}},
	}, {
		// The 1.5 s request finds i1 busy and the account full: rejected
		// in state 1; the 3 s one reuses i1.
		name: "rejected in the state it arrived in",
		cfg:  Config{Horizon: 60 * s, AccountLimit: 1},
		invs: []workload.Invocation{inv(1*s, 1*s, 0), inv(1500*ms, 1*s, 0), inv(3*s, 1*s, 0)},
		want: metrics.ByInstances{{Requests: 1, ColdStarts: 1}, {Requests: 2, Rejected: 1}},
	}, {
		// g's requests queue behind f's (account limit 1) with no
		// instance of g: at 6.1 s the first starts i2 cold, the second
		// waits for the account and takes i2 warm at 7.2 s. A request
		// that found no instance can start warm after queueing.
		name: "queued at none, warm on an instance started for the one ahead",
		cfg:  Config{Horizon: 60 * s, AccountLimit: 1, OnLimit: Queue},
		fns:  2,
		invs: []workload.Invocation{inv(1*s, 5*s, 1), inv(2*s, 1*s, 0), inv(3*s, 1*s, 0)},
		want: metrics.ByInstances{{Requests: 2, ColdStarts: 1}},
	}, {
		// Provisioned instances are instances: the request finds 2.
		name: "provisioned",
		cfg:  Config{Horizon: 60 * s, Provisioned: 2},
		invs: []workload.Invocation{inv(1*s, 1*s, 0)},
		want: metrics.ByInstances{2: {Requests: 1}},
	}, {
		// The warm-up's request is not counted; its instance is.
		name: "warm-up excluded",
		cfg:  Config{Horizon: 60 * s, Warmup: 2 * s},
		invs: []workload.Invocation{inv(1*s, 1*s, 0), inv(3*s, 1*s, 0)},
		want: metrics.ByInstances{1: {Requests: 1}},
	}, {
		// Per app, g's request finds the instance f started.
		name: "an app's pool",
		cfg:  Config{Horizon: 60 * s, PerApp: true},
		fns:  2,
		app:  true,
		invs: []workload.Invocation{inv(1*s, 200*ms, 0), inv(2*s, 200*ms, 1)},
		want: metrics.ByInstances{{Requests: 1, ColdStarts: 1}, {Requests: 1}},
	}, {
		// Two slots: the 1.05 s request joins i1 while it starts, cold,
		// in state 1.
		name: "joins a starting instance",
		cfg:  Config{Horizon: 60 * s, PerInstance: 2},
		invs: []workload.Invocation{inv(1*s, 1*s, 0), inv(1050*ms, 1*s, 0)},
		want: metrics.ByInstances{{Requests: 1, ColdStarts: 1}, {Requests: 1, ColdStarts: 1}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fns := []Function{fn("f", cold)}
			if tt.fns == 2 {
				fns = append(fns, fn("g", cold))
				if !tt.app {
					fns[1].App = 1
				}
			}
			_, r := run(t, tt.cfg, fns, keepalive.FixedTTL{TTL: 10 * s}, &workload.Replay{Invocations: tt.invs}, 1)
			got := r.ByInstances
			if tt.fns == 2 && !tt.app { // g's requests only: f's found none
				got = slices.Clone(got)
				got[0].Requests--
				got[0].ColdStarts--
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("by instances %v, want %v", got, tt.want)
			}
			assertStatesAddUp(t, r)
		})
	}
}

// assertStatesAddUp checks that every request, rejection and cold start
// of r is counted in exactly one state.
func assertStatesAddUp(t *testing.T, r metrics.Run) {
	t.Helper()
	var sum metrics.StateCount
	for _, s := range r.ByInstances {
		sum.Requests += s.Requests
		sum.Rejected += s.Rejected
		sum.ColdStarts += s.ColdStarts
	}
	if want := (metrics.StateCount{Requests: r.Requests, Rejected: r.Rejected, ColdStarts: r.ColdStarts}); sum != want {
		t.Errorf("states add up to %+v, run has %+v", sum, want)
	}
}
