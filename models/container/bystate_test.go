package container

import (
	"math"
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

// PASTA (Wolff 1982, "Poisson Arrivals See Time Averages", Operations
// Research 30(2):223-231) on an autoscaled service: the share of requests
// that find k replicas equals the share of time with k replicas. The
// replica count moves with the HPA's syncs (5/s of 1 s at a 70% target:
// about 7 to 10 replicas). Tolerance: the request share minus the time
// share p_k has standard error sqrt(p_k (1 - p_k) / N) by Wolff's
// martingale (see models/faas TestByInstancesSeeTimeAverages); 4 of them.
func TestByInstancesSeeTimeAverages(t *testing.T) {
	s := sim.Second
	cfg := Config{
		Replica: Replica{VCPU: 1, MemoryGB: 2, Slots: 1, Startup: 10 * s},
		Scaling: Scaling{Policy: Target, Metric: Concurrency, Target: 0.7, Min: 1, Max: 30,
			ScaleDownStabilization: 60 * s},
		Warmup: 1000 * s, Horizon: 40_000 * s, // 195,000 requests
	}
	if testing.Short() {
		cfg.Horizon = 15_000 * s
	}
	eng := sim.NewEngine()
	svc, err := New(eng, cfg, []Function{{Name: "f"}})
	if err != nil {
		t.Fatal(err)
	}
	var times []int64 // ns at each replica count in the window
	last, value := sim.Time(0), svc.Replicas()
	observe := func(now sim.Time) {
		if start, end := max(last, cfg.Warmup), min(now, cfg.Horizon); end > start {
			for len(times) <= value {
				times = append(times, 0)
			}
			times[value] += int64(end - start)
		}
		last, value = now, svc.Replicas()
	}
	svc.SetLog(func(e Event) { observe(e.At) })
	workload.Feed(eng, poisson(t, 3, 5, exponential(t, s)), cfg.Horizon, svc.Arrive)
	eng.Run(cfg.Horizon)
	r := svc.Result()
	observe(cfg.Horizon)
	// The model's own time-average record (instances.distribution) is
	// the event log's, to the nanosecond.
	if !slices.Equal([]int64(r.LiveTimes), times) {
		t.Errorf("LiveTimes %v, the event log gives %v", r.LiveTimes, times)
	}

	var n, total float64
	for _, st := range r.ByInstances {
		n += float64(st.Requests)
	}
	for _, x := range times {
		total += float64(x)
	}
	spread := 0
	for k := range max(len(r.ByInstances), len(times)) {
		var req, tm float64
		if k < len(r.ByInstances) {
			req = float64(r.ByInstances[k].Requests) / n
		}
		if k < len(times) {
			tm = float64(times[k]) / total
		}
		if tm > 0.05 {
			spread++
		}
		tol := 4 * math.Sqrt(max(tm*(1-tm), 1/n)/n)
		if math.Abs(req-tm) > tol {
			t.Errorf("%d replicas: %.5f of requests, %.5f of the time (tolerance %.5f)", k, req, tm, tol)
		} else if tm > 0.01 {
			t.Logf("%d replicas: %.5f of requests, %.5f of the time (tolerance %.5f)", k, req, tm, tol)
		}
	}
	if spread < 2 {
		t.Errorf("the replica count spent over 5%% of the time at %d values: the check needs it to move", spread)
	}
}
