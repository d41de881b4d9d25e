package faas

import (
	"math"
	"testing"

	"faassim/models/dist"
	"faassim/models/keepalive"
	"faassim/models/workload"
	"faassim/sim"
)

// appWant is one app's record as worked out by hand.
type appWant struct {
	name           string
	requests, cold int64
	wastedGBS      float64
}

// Two apps and a function of none, with a fixed 10 s TTL, 100 ms cold
// starts and deterministic arrivals over the window [2 s, 60 s):
//
//	a1 (app A, 1,024 MB) at 1 s (0.5 s), 3 s (0.2 s), 30 s (1 s)
//	a2 (app A,   512 MB) at 10 s (2 s)
//	b1 (app B, 2,048 MB) at 50 s (1 s), 55 s (1 s)
//	c  (no app)          never invoked
//
// Per function, a1's instance lives 1 s to 13.2 s (busy 1-1.6, 3-3.2) and a
// new one 30 s to 41.1 s (busy 30-31.1: 0.1 s cold start, 1 s run); idle
// in the window: [2,3) + [3.2,13.2) + [31.1,41.1) = 21 s x 1 GB. a2: cold,
// busy 10-12.1, idle 12.1-22.1 = 10 s x 0.5 GB. App A: requests 3 (3 s, 10 s,
// 30 s; the 1 s one is in the warm-up), 2 cold, 26 GB-s. b1: cold at 50 s,
// busy to 51.1, idle to 55, busy 55-56, idle 56 s to the horizon (its expiry
// at 66 s is past it): 3.9 + 4 = 7.9 s x 2 GB = 15.8 GB-s, 2 requests, 1 cold.
//
// Per app, a2 at 10 s finds a1's instance warm (idle since 3.2 s): A's
// instances are 1,024 MB, the larger of its functions'; idle [2,3) +
// [3.2,10) + [12,22) + [31.1,41.1) = 27.8 s x 1 GB, 3 requests, 1 cold.
func TestAppRecordsByHand(t *testing.T) {
	s, ms := sim.Second, sim.Millisecond
	cold := dist.Deterministic{Value: 100 * ms}
	mk := func(name, app string, idx int32, mb int) Function {
		return Function{Function: workload.Function{Name: name, App: app, MemoryMB: mb}, App: idx, ColdStart: cold}
	}
	fns := []Function{mk("a1", "A", 0, 1024), mk("a2", "A", 0, 512), mk("b1", "B", 1, 2048), mk("c", "", 2, 128)}
	invs := []workload.Invocation{
		{Arrival: 1 * s, Function: 0, Duration: 500 * ms},
		{Arrival: 3 * s, Function: 0, Duration: 200 * ms},
		{Arrival: 10 * s, Function: 1, Duration: 2 * s},
		{Arrival: 30 * s, Function: 0, Duration: 1 * s},
		{Arrival: 50 * s, Function: 2, Duration: 1 * s},
		{Arrival: 55 * s, Function: 2, Duration: 1 * s},
	}
	tests := []struct {
		name   string
		perApp bool
		want   []appWant
	}{
		{"instances per function", false, []appWant{{"A", 3, 2, 26}, {"B", 2, 1, 15.8}, {"c", 0, 0, 0}}},
		{"instances per app", true, []appWant{{"A", 3, 1, 27.8}, {"B", 2, 1, 15.8}, {"c", 0, 0, 0}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := Config{Warmup: 2 * s, Horizon: 60 * s, PerApp: tc.perApp, RecordApps: true}
			_, r := run(t, cfg, fns, keepalive.FixedTTL{TTL: 10 * s}, &workload.Replay{Invocations: invs}, 1)
			if len(r.Apps) != len(tc.want) {
				t.Fatalf("%d app records, want %d: %+v", len(r.Apps), len(tc.want), r.Apps)
			}
			var requests, colds int64
			for i, w := range tc.want {
				a := r.Apps[i]
				if a.Name != w.name || a.Requests != w.requests || a.ColdStarts != w.cold || math.Abs(a.WastedGBSeconds()-w.wastedGBS) > 1e-9 {
					t.Errorf("app %d: %s %d requests, %d cold, %.6f GB-s; want %s %d, %d, %.6f",
						i, a.Name, a.Requests, a.ColdStarts, a.WastedGBSeconds(), w.name, w.requests, w.cold, w.wastedGBS)
				}
				requests += a.Requests
				colds += a.ColdStarts
			}
			if requests != r.Requests-r.Rejected || colds != r.ColdStarts {
				t.Errorf("apps add up to %d requests and %d cold starts; the platform has %d admitted and %d cold", requests, colds, r.Requests-r.Rejected, r.ColdStarts)
			}
		})
	}
}

// With one memory size, idle memory-time is (live - busy) instance-seconds
// times the size, whatever the load: the record and the levels measure
// the same idle periods by different routes.
func TestAppIdleMatchesInstanceLevels(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		keep keepalive.Policy
	}{
		{"fixed ttl", Config{Warmup: 60 * sim.Second, Horizon: 600 * sim.Second}, keepalive.FixedTTL{TTL: 5 * sim.Second}},
		{"per instance 4, provisioned 2", Config{Warmup: 60 * sim.Second, Horizon: 600 * sim.Second, PerInstance: 4, Provisioned: 2}, keepalive.FixedTTL{TTL: 30 * sim.Second}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.RecordApps = true
			f := fn("f", exponential(t, 200*sim.Millisecond))
			f.MemoryMB = 1536
			_, r := run(t, cfg, []Function{f}, tc.keep, poisson(t, 7, 5, exponential(t, sim.Second)), 1)
			want := (r.InstanceSeconds - r.BusySeconds) * 1.5
			if got := r.Apps[0].WastedGBSeconds(); math.Abs(got-want) > 1e-6*want || want == 0 {
				t.Errorf("wasted %.6f GB-s, want (live - busy) x 1.5 GB = %.6f", got, want)
			}
		})
	}
}

// The record is off by default: no apps in the result.
func TestAppRecordsOffByDefault(t *testing.T) {
	_, r := run(t, Config{Horizon: 60 * sim.Second}, []Function{fn("f", dist.Deterministic{})}, keepalive.FixedTTL{TTL: sim.Second},
		poisson(t, 1, 1, exponential(t, sim.Second)), 1)
	if r.Apps != nil {
		t.Errorf("apps recorded without RecordApps: %+v", r.Apps)
	}
}
