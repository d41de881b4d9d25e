package container

import (
	"slices"
	"testing"

	"faassim/models/metrics"
	"faassim/models/workload"
	"faassim/sim"
)

// Requests by the replicas that existed when they arrived, worked out by
// hand like TestEventLogs. Rows are {requests, rejected, cold starts} at
// k = 0, 1, ...
func TestByInstancesByHand(t *testing.T) {
	s, ms := sim.Second, sim.Millisecond
	inv := func(at, d sim.Time) workload.Invocation { return workload.Invocation{Arrival: at, Duration: d} }
	fromZero := Config{
		Replica: Replica{VCPU: 1, MemoryGB: 2, Slots: 1, Startup: 10 * s},
		Scaling: Scaling{Policy: Target, Metric: Concurrency, Target: 0.5, Min: 0, Max: 2,
			ScaleDownStabilization: 60 * s},
		Horizon: 100 * s,
	}
	bounded := fixed(1, 60*s)
	bounded.QueueLimit = 1
	tests := []struct {
		name string
		cfg  Config
		invs []workload.Invocation
		want metrics.ByInstances
	}{{
		// 1 s: no replica; it activates r1 (ready at 11 s) and waits,
		// cold. 2 s: r1 exists, starting: cold in state 1. 30 s: r1 idle
		// (the 60 s stabilization keeps it), warm.
		name: "scale from zero",
		cfg:  fromZero,
		invs: []workload.Invocation{inv(1*s, 1*s), inv(2*s, 1*s), inv(30*s, 1*s)},
		want: metrics.ByInstances{{Requests: 1, ColdStarts: 1}, {Requests: 2, ColdStarts: 1}},
	}, {
		// One replica, a queue of one: the 2 s request is rejected.
		name: "rejected in the state it arrived in",
		cfg:  bounded,
		invs: []workload.Invocation{inv(1*s, 2*s), inv(1500*ms, 1*s), inv(2*s, 1*s)},
		want: metrics.ByInstances{1: {Requests: 3, Rejected: 1}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, r := run(t, tt.cfg, &workload.Replay{Invocations: tt.invs})
			if !slices.Equal(r.ByInstances, tt.want) {
				t.Errorf("by instances %v, want %v", r.ByInstances, tt.want)
			}
			var sum metrics.StateCount
			for _, s := range r.ByInstances {
				sum.Requests += s.Requests
				sum.Rejected += s.Rejected
				sum.ColdStarts += s.ColdStarts
			}
			if want := (metrics.StateCount{Requests: r.Requests, Rejected: r.Rejected, ColdStarts: r.ColdStarts}); sum != want {
				t.Errorf("states add up to %+v, run has %+v", sum, want)
			}
		})
	}
}
